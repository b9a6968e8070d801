package ai.sail.io;

import java.util.List;

/**
 * Everything before the tensor data: version, metadata, tensor infos, and where the data starts.
 *
 * @param dataStart absolute file offset of the tensor-data section (header end rounded up to the alignment)
 */
record GgufHeader(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, long alignment, long dataStart) {
    GgufHeader {
        tensors = List.copyOf(tensors);
    }
}
