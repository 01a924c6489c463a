// A real TLS server (the JDK's SunJSSE) for the probe tests that need what Debian's OpenSSL
// was built without: 3DES suites. Run as a single-file program:
//
//   java LegacyTlsServer.java PORT KEYSTORE.p12 PASSWORD PROTOCOLS SUITES
//
// PROTOCOLS and SUITES are comma-separated JSSE names. Prints "listening PORT" when ready;
// PORT 0 picks a free port. Each connection gets one handshake, then is closed.
import java.io.FileInputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.Security;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

public class LegacyTlsServer {
    public static void main(String[] args) throws Exception {
        // Before any JSSE class loads: the JDK disables 3DES and TLS 1.0/1.1 by default.
        Security.setProperty("jdk.tls.disabledAlgorithms", "");
        Security.setProperty("jdk.certpath.disabledAlgorithms", "");
        char[] password = args[2].toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(args[1])) {
            ks.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(Integer.parseInt(args[0]), 64, InetAddress.getByName("127.0.0.1"));
        server.setEnabledProtocols(args[3].split(","));
        server.setEnabledCipherSuites(args[4].split(","));
        System.out.println("listening " + server.getLocalPort());
        System.out.flush();
        while (true) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(5000);
                s.startHandshake();
            } catch (Exception e) {
                // A probe that reads only the ServerHello hangs up mid-handshake: expected.
            }
        }
    }
}
