/*
 * A no-op service and a token issuer for the gateway benchmark, in one JDK-only program.
 *
 *   java NoopUpstream.java <port> <token-file>
 *
 * Answers every request with "200 ok" over keep-alive HTTP/1.1 (one virtual thread per
 * connection, no framework, so it is never the bottleneck), serves a freshly generated RSA
 * key at /.well-known/jwks.json, and writes an RS256 access token signed with that key
 * (issuer https://bench.flowsupport.test, audience flowsupport, valid for 2 hours) to
 * <token-file>.
 */

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

public class NoopUpstream {

	static final String ISSUER = "https://bench.flowsupport.test";

	static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
		.getBytes(StandardCharsets.US_ASCII);

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String kid = "bench-" + UUID.randomUUID();
		byte[] jwks = jwksResponse((RSAPublicKey) keys.getPublic(), kid);
		Files.writeString(Path.of(args[1]), token(keys, kid));
		try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
			System.out.println("no-op upstream on 127.0.0.1:" + port);
			while (true) {
				Socket socket = server.accept();
				Thread.ofVirtual().start(() -> serve(socket, jwks));
			}
		}
	}

	static void serve(Socket socket, byte[] jwks) {
		try (socket) {
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
			OutputStream out = socket.getOutputStream();
			while (true) {
				String head = readHead(in);
				if (head == null) {
					return;
				}
				skipBody(in, head);
				out.write(head.startsWith("GET /.well-known/jwks.json ") ? jwks : OK);
				out.flush();
			}
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	/** The request line and headers, or null at the end of the stream. */
	static String readHead(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder(512);
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				return null;
			}
			head.append((char) b);
			matched = (b == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		return head.toString();
	}

	static void skipBody(InputStream in, String head) throws IOException {
		String lower = head.toLowerCase(Locale.ROOT);
		int at = lower.indexOf("\ncontent-length:");
		if (at >= 0) {
			int end = lower.indexOf('\r', at);
			long length = Long.parseLong(lower.substring(at + 16, end).trim());
			in.skipNBytes(length);
		}
		else if (lower.contains("\ntransfer-encoding: chunked")) {
			while (true) {
				String size = readLine(in);
				int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
				if (chunk == 0) {
					readLine(in);
					return;
				}
				in.skipNBytes(chunk);
				readLine(in);
			}
		}
	}

	static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = in.read()) >= 0 && b != '\n') {
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	static byte[] jwksResponse(RSAPublicKey key, String kid) {
		String body = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
				+ unsigned(key.getModulus()) + "\",\"e\":\"" + unsigned(key.getPublicExponent()) + "\"}]}";
		return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
				+ body)
			.getBytes(StandardCharsets.US_ASCII);
	}

	static String token(KeyPair keys, String kid) throws Exception {
		long now = Instant.now().getEpochSecond();
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
		String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":[\"flowsupport\"],\"sub\":\"" + UUID.randomUUID()
				+ "\",\"tenant_id\":\"" + UUID.randomUUID() + "\",\"app_role\":\"agent\",\"role\":\"authenticated\","
				+ "\"iat\":" + now + ",\"exp\":" + (now + 7200) + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
		String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64(claims.getBytes(StandardCharsets.UTF_8));
		Signature rsa = Signature.getInstance("SHA256withRSA");
		rsa.initSign(keys.getPrivate());
		rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64(rsa.sign());
	}

	static String unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		if (bytes.length > 1 && bytes[0] == 0) {
			bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
		}
		return base64(bytes);
	}

	static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
