package ai.sail.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the server lists users give ({@code http://a:1/x,http://b:2/x}): one or more comma-separated
 * http(s) URLs with a host. Reward servers and rollout engines are listed the same way, so they are
 * read and refused the same way.
 */
public final class ServerUrls {
    private ServerUrls() {}

    /**
     * @param role what the servers are, for messages ({@code "reward server"})
     * @throws IllegalArgumentException for an empty entry, an unparsable URL, or one that is not
     *     http(s) with a host
     */
    public static List<URI> parse(String spec, String role) {
        List<URI> uris = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String url = part.strip();
            if (url.isEmpty()) {
                throw new IllegalArgumentException(role + " list '" + spec + "' has an empty entry");
            }
            try {
                uris.add(checked(URI.create(url), role));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(role)) {
                    throw e;
                }
                throw new IllegalArgumentException(role + " '" + url + "' is not a valid URL: " + e.getMessage(), e);
            }
        }
        return uris;
    }

    /** {@code uri} if it is an http(s) URL with a host; else an error naming it. */
    public static URI checked(URI uri, String role) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(role + " '" + uri + "' must be an http:// or https:// URL with a host");
        }
        return uri;
    }
}
