package dev.lamina.registry;

import dev.lamina.image.LaminaException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * TLS for one registry, as Docker sets it up: the system's trust store plus the CAs ({@code *.crt}) in
 * {@code certs.d/HOST[:PORT]/}, a client certificate from {@code *.cert} and its {@code *.key} there, and,
 * only when asked, no verification at all.
 */
final class TlsSetup {
    private TlsSetup() {
    }

    private static final List<ConnectionSpec> TLS = List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

    /**
     * {@code base} (a cleartext-only client) able to speak TLS to {@code address}: with the system trust
     * store, plus what certs.d holds for it, or trusting anything when {@code verify} is false.
     */
    static OkHttpClient configure(OkHttpClient base, RegistryAddress address, List<Path> certDirectories,
            boolean verify) {
        Optional<Path> dir = certDirectories.stream().map(d -> d.resolve(address.hostPort()))
                .filter(Files::isDirectory).findFirst();
        OkHttpClient.Builder builder = base.newBuilder().connectionSpecs(TLS);
        if (verify && dir.isEmpty()) {
            return builder.build();
        }
        try {
            X509TrustManager trust = verify ? withExtraCas(dir.get()) : new TrustEverything();
            KeyManager[] keys = dir.isPresent() ? clientKeys(dir.get()) : null;
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            builder.sslSocketFactory(context.getSocketFactory(), trust);
            if (!verify) {
                builder.hostnameVerifier((hostname, session) -> true);
            }
            return builder.build();
        } catch (GeneralSecurityException | IOException e) {
            throw new LaminaException("cannot set up TLS for " + address.name() + ": " + e.getMessage(), e);
        }
    }

    private static X509TrustManager withExtraCas(Path dir) throws GeneralSecurityException, IOException {
        KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
        extra.load(null, null);
        int n = 0;
        for (Path file : files(dir, ".crt")) {
            for (X509Certificate certificate : PemFiles.certificates(file)) {
                extra.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        X509TrustManager system = trustManager(null);
        return n == 0 ? system : new EitherTrustManager(trustManager(extra), system);
    }

    private static KeyManager[] clientKeys(Path dir) throws GeneralSecurityException, IOException {
        List<Path> certs = files(dir, ".cert");
        if (certs.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = new char[0];
        int n = 0;
        for (Path cert : certs) {
            String base = cert.getFileName().toString();
            Path key = cert.resolveSibling(base.substring(0, base.length() - ".cert".length()) + ".key");
            if (!Files.isRegularFile(key)) {
                throw new LaminaException("missing key " + key.getFileName() + " for client certificate " + cert);
            }
            PrivateKey privateKey = PemFiles.privateKey(key);
            store.setKeyEntry("client-" + n++, privateKey, password,
                    PemFiles.certificates(cert).toArray(new X509Certificate[0]));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + suffix)) {
            entries.forEach(found::add);
        }
        found.sort(null);
        return found;
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a chain that either the registry's own CAs or the system's trust store accept. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkClientTrusted(chain, authType);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Stream.concat(Stream.of(first.getAcceptedIssuers()), Stream.of(second.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }

    /** {@code --tls-verify=false}: the connection is encrypted but the server is not authenticated. */
    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
