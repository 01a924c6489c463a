// A Java (JSSE, JDK 17, untouched java.security) client's verdict on a server's certificate,
// for tests/java_trust.rs: PKIX path validation by the default TrustManagerFactory over a
// trusted-ca file, and (when a target is given) endpoint identification "HTTPS" for that name,
// in a real handshake against `openssl s_server` presenting the certificate. Run as a
// single-file program:
//
//   java JsseTrust.java < cases
//
// A case is one tab-separated line:
//
//   ID  CERT.pem  KEY.pem  CHAIN.pem|-  TRUSTED_CA.pem  TARGET|-
//
// CERT is what the server presents (its first certificate), CHAIN the certificates it sends
// after it, TRUSTED_CA the client's trusted CAs. TARGET is the name the client connects to
// and checks ("-": no endpoint identification). Each case prints "ID OK" or "ID FAIL why".
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.security.*;
import java.security.cert.*;
import java.util.*;
import java.util.concurrent.*;
import javax.net.ssl.*;

public class JsseTrust {
    static final Map<String, Process> SERVERS = new HashMap<>();
    static final Map<String, Integer> PORTS = new HashMap<>();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // One s_server per (certificate, key, chain), serving every case that presents it.
    static int server(String cert, String key, String chain) throws Exception {
        String k = cert + "|" + key + "|" + chain;
        Integer known = PORTS.get(k);
        if (known != null) return known;
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("openssl", "s_server", "-accept",
            "127.0.0.1:" + port, "-cert", cert, "-key", key, "-quiet"));
        if (!chain.equals("-")) args.addAll(List.of("-cert_chain", chain));
        // Every signature a test certificate may carry (SHA-1 included) is the server's to send.
        args.addAll(List.of("-cipher", "DEFAULT:@SECLEVEL=0"));
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().put("OPENSSL_CONF", "/dev/null");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        long until = System.currentTimeMillis() + 10000;
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                break;
            } catch (IOException e) {
                if (!p.isAlive() || System.currentTimeMillis() > until) {
                    throw new IOException("s_server did not start for " + cert);
                }
                Thread.sleep(20);
            }
        }
        SERVERS.put(k, p);
        PORTS.put(k, port);
        return port;
    }

    static TrustManager[] trust(String file) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        try (InputStream in = new FileInputStream(file)) {
            for (java.security.cert.Certificate c :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    static String why(Throwable e) {
        StringBuilder b = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            b.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return b.toString().replace('\n', ' ').replace('\t', ' ');
    }

    static String run(String[] f) throws Exception {
        int port = server(f[1], f[2], f[3]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust(f[4]), null);
        String target = f[5];
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        // The layered socket takes the target as the peer's host: the name JSSE checks (and
        // sends as SNI when it is a host name).
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw,
                target.equals("-") ? "localhost" : target, port, true)) {
            s.setSoTimeout(5000);
            if (!target.equals("-")) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            s.startHandshake();
            return "OK";
        } catch (Exception e) {
            return "FAIL " + why(e);
        }
    }

    public static void main(String[] a) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) continue;
                String[] f = line.split("\t", -1);
                String r;
                try {
                    r = run(f);
                } catch (Exception e) {
                    r = "FAIL " + why(e);
                }
                System.out.println(f[0] + " " + r);
                System.out.flush();
            }
        } finally {
            for (Process p : SERVERS.values()) p.destroy();
        }
    }
}
