package io.github.gigabot.gigachat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates the GigaChat client trusts: the JVM's default roots, plus the Russian Trusted
 * Root and Sub CA shipped in the jar (GigaChat's hosts chain to them and no JDK trusts them), plus
 * whatever {@code gigachat.ca-file} adds. Verification itself is never relaxed.
 */
public final class GigaChatTrust {

    /** The CA certificates bundled in the jar. */
    static final List<String> BUNDLED = List.of("/certs/russian_trusted_root_ca.pem", "/certs/russian_trusted_sub_ca.pem");

    private final X509TrustManager trustManager;
    private final SSLSocketFactory socketFactory;

    private GigaChatTrust(X509TrustManager trustManager, SSLSocketFactory socketFactory) {
        this.trustManager = trustManager;
        this.socketFactory = socketFactory;
    }

    /**
     * Builds the trust store.
     *
     * @throws GigaChatTrustException when {@code extraCaFile} cannot be read or holds no certificate
     */
    public static GigaChatTrust create(Optional<Path> extraCaFile) throws GigaChatTrustException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate certificate : defaultRoots().getAcceptedIssuers()) {
                store.setCertificateEntry("default-" + index++, certificate);
            }
            for (String resource : BUNDLED) {
                try (InputStream in = GigaChatTrust.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("bundled certificate missing from the jar: " + resource);
                    }
                    for (Certificate certificate : parse(in)) {
                        store.setCertificateEntry("bundled-" + index++, certificate);
                    }
                }
            }
            if (extraCaFile.isPresent()) {
                for (Certificate certificate : readExtra(extraCaFile.get())) {
                    store.setCertificateEntry("extra-" + index++, certificate);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager trustManager = x509(factory.getTrustManagers());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return new GigaChatTrust(trustManager, context.getSocketFactory());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust for GigaChat: " + e.getMessage(), e);
        }
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public SSLSocketFactory socketFactory() {
        return socketFactory;
    }

    private static Collection<? extends Certificate> readExtra(Path file) throws GigaChatTrustException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = parse(in);
            if (certificates.isEmpty()) {
                throw new GigaChatTrustException(file + " contains no PEM certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new GigaChatTrustException("cannot read " + file + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new GigaChatTrustException(file + " is not a valid PEM certificate file: " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> parse(InputStream in) throws CertificateException {
        return CertificateFactory.getInstance("X.509").generateCertificates(in);
    }

    private static X509TrustManager defaultRoots() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory.getTrustManagers());
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        List<TrustManager> all = new ArrayList<>(List.of(managers));
        return all.stream().filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow(() -> new IllegalStateException("no X509TrustManager in this JVM"));
    }
}
