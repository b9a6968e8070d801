package ai.sail;

/** Forces garbage collections with allocation pressure, to expose memory freed too early. */
public final class GcPressure {
    private GcPressure() {}

    public static void apply() {
        for (int i = 0; i < 3; i++) {
            byte[][] junk = new byte[64][];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = new byte[1 << 20];
            }
            System.gc();
        }
    }
}
