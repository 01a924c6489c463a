// JSSE (the JDK's own TLS, untouched java.security) as a Platform SDK application drives it,
// for tests/java_handshake.rs: one handshake per input line, against itself or against
// `openssl s_server` / `openssl s_client`, all in one JVM. Run as a single-file program:
//
//   java JssePeer.java RSA_CERT.pem RSA_KEY_PKCS8.pem [EC_CERT.pem EC_KEY_PKCS8.pem] < cases
//
// A case is one tab-separated line:
//
//   ID  java-java    KEY  CLIENT_CFG  SERVER_CFG
//   ID  java-client  KEY  CLIENT_CFG  OPENSSL_SERVER_ARGS
//   ID  java-server  KEY  SERVER_CFG  OPENSSL_CLIENT_ARGS
//
// KEY is rsa or ec (the server's key). A CFG is CONTEXT;PROTOCOLS;SUITES, the argument of
// SSLContext.getInstance and the comma-separated lists given to setEnabledProtocols and
// setEnabledCipherSuites ("-": not called). OpenSSL arguments are separated by "|".
// Each case prints one line: "ID OK PROTOCOL SUITE" or "ID FAIL why".
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.*;
import java.util.concurrent.*;
import javax.net.ssl.*;

public class JssePeer {
    static final Map<String, KeyManager[]> KEYS = new HashMap<>();

    static byte[] pem(Path p, String type) throws IOException {
        String s = Files.readString(p);
        int a = s.indexOf("-----BEGIN " + type + "-----");
        int b = s.indexOf("-----END " + type + "-----");
        String body = s.substring(a + type.length() + 16, b).replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    static KeyManager[] keyManagers(Path cert, Path key, String alg) throws Exception {
        X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem(cert, "CERTIFICATE")));
        PrivateKey k = KeyFactory.getInstance(alg)
            .generatePrivate(new PKCS8EncodedKeySpec(pem(key, "PRIVATE KEY")));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", k, "pw".toCharArray(), new java.security.cert.Certificate[] {c});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "pw".toCharArray());
        return kmf.getKeyManagers();
    }

    // Trust is not what this test judges: every certificate is accepted.
    static final TrustManager[] TRUST_ALL = new TrustManager[] {new X509TrustManager() {
        public void checkClientTrusted(X509Certificate[] c, String a) {}
        public void checkServerTrusted(X509Certificate[] c, String a) {}
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }};

    static SSLContext context(String cfg, String key) throws Exception {
        String[] f = cfg.split(";", -1);
        SSLContext ctx = SSLContext.getInstance(f[0]);
        ctx.init(key == null ? null : KEYS.get(key), TRUST_ALL, null);
        return ctx;
    }

    static void apply(SSLSocket s, String cfg) {
        String[] f = cfg.split(";", -1);
        if (!f[1].equals("-")) s.setEnabledProtocols(f[1].split(","));
        if (!f[2].equals("-")) s.setEnabledCipherSuites(f[2].split(","));
    }

    static void apply(SSLServerSocket s, String cfg) {
        String[] f = cfg.split(";", -1);
        if (!f[1].equals("-")) s.setEnabledProtocols(f[1].split(","));
        if (!f[2].equals("-")) s.setEnabledCipherSuites(f[2].split(","));
    }

    static String why(Throwable e) {
        String m = e.getClass().getSimpleName() + ": " + e.getMessage();
        return m.replace('\n', ' ').replace('\t', ' ');
    }

    static String ok(SSLSession s) {
        return "OK " + s.getProtocol() + " " + s.getCipherSuite();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Process openssl(List<String> args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put("OPENSSL_CONF", "/dev/null");
        pb.redirectErrorStream(true);
        return pb.start();
    }

    static String javaJava(String key, String ccfg, String scfg) throws Exception {
        SSLServerSocket ss;
        try {
            ss = (SSLServerSocket) context(scfg, key).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            apply(ss, scfg);
        } catch (Exception e) {
            return "FAIL server setup " + why(e);
        }
        ExecutorService ex = Executors.newSingleThreadExecutor();
        Future<String> server = ex.submit(() -> {
            try (SSLSocket s = (SSLSocket) ss.accept()) {
                s.setSoTimeout(5000);
                s.startHandshake();
                return ok(s.getSession());
            } catch (Exception e) {
                return "FAIL " + why(e);
            }
        });
        String client;
        try (SSLSocket s = (SSLSocket) context(ccfg, null).getSocketFactory().createSocket()) {
            s.setSoTimeout(5000);
            apply(s, ccfg);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort()), 5000);
            s.startHandshake();
            client = ok(s.getSession());
        } catch (Exception e) {
            client = "FAIL client " + why(e);
        }
        ss.close();
        String srv;
        try {
            srv = server.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            srv = "FAIL server never finished";
        }
        ex.shutdownNow();
        return client.startsWith("OK") && !srv.startsWith("OK") ? "FAIL server " + srv : client;
    }

    static String javaClient(String key, String ccfg, String serverArgs) throws Exception {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("openssl", "s_server", "-accept",
            "127.0.0.1:" + port, "-naccept", "1", "-cert", CERT.get(key), "-key", KEY.get(key)));
        args.addAll(Arrays.asList(serverArgs.split("\\|")));
        Process p = openssl(args);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder log = new StringBuilder();
        while ((line = out.readLine()) != null && !line.contains("ACCEPT")) log.append(line).append(' ');
        if (line == null) {
            p.destroy();
            return "FAIL s_server did not start: " + log;
        }
        String result;
        try (SSLSocket s = (SSLSocket) context(ccfg, null).getSocketFactory().createSocket()) {
            s.setSoTimeout(5000);
            apply(s, ccfg);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.startHandshake();
            result = ok(s.getSession());
        } catch (Exception e) {
            result = "FAIL client " + why(e);
        }
        p.destroy();
        p.waitFor(5, TimeUnit.SECONDS);
        return result;
    }

    static String javaServer(String key, String scfg, String clientArgs) throws Exception {
        SSLServerSocket ss;
        try {
            ss = (SSLServerSocket) context(scfg, key).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            apply(ss, scfg);
        } catch (Exception e) {
            return "FAIL server setup " + why(e);
        }
        ss.setSoTimeout(10000);
        List<String> args = new ArrayList<>(List.of("openssl", "s_client", "-connect",
            "127.0.0.1:" + ss.getLocalPort()));
        args.addAll(Arrays.asList(clientArgs.split("\\|")));
        Process p = openssl(args);
        p.getOutputStream().close();
        String result;
        try (SSLSocket s = (SSLSocket) ss.accept()) {
            s.setSoTimeout(5000);
            s.startHandshake();
            result = ok(s.getSession());
        } catch (Exception e) {
            result = "FAIL server " + why(e);
        }
        ss.close();
        p.getInputStream().readAllBytes();
        p.waitFor(5, TimeUnit.SECONDS);
        p.destroy();
        return result;
    }

    static final Map<String, String> CERT = new HashMap<>();
    static final Map<String, String> KEY = new HashMap<>();

    public static void main(String[] a) throws Exception {
        CERT.put("rsa", a[0]);
        KEY.put("rsa", a[1]);
        KEYS.put("rsa", keyManagers(Path.of(a[0]), Path.of(a[1]), "RSA"));
        if (a.length >= 4) {
            CERT.put("ec", a[2]);
            KEY.put("ec", a[3]);
            KEYS.put("ec", keyManagers(Path.of(a[2]), Path.of(a[3]), "EC"));
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            String[] f = line.split("\t", -1);
            String r;
            try {
                switch (f[1]) {
                    case "java-java": r = javaJava(f[2], f[3], f[4]); break;
                    case "java-client": r = javaClient(f[2], f[3], f[4]); break;
                    case "java-server": r = javaServer(f[2], f[3], f[4]); break;
                    default: r = "FAIL unknown mode " + f[1];
                }
            } catch (Exception e) {
                r = "FAIL " + why(e);
            }
            System.out.println(f[0] + " " + r);
            System.out.flush();
        }
    }
}
