package dev.lamina.registry.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lamina.image.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small token server for the Distribution registry's {@code auth: token} mode, as the token and OAuth2
 * specifications describe it: {@code GET /token?service=…&scope=…} with optional Basic credentials, and
 * {@code POST /token} with the {@code password} and {@code refresh_token} grants. It issues JWTs (RS256,
 * with the signing certificate in {@code x5c}) that a registry whose {@code rootcertbundle} is
 * {@link #signingCertificate()} trusts.
 *
 * <p>Authenticated users get every action they ask for; anonymous callers get {@code pull} only (or
 * nothing, see {@link #anonymousPull}). Every request is recorded for assertions.
 */
public final class TokenServer implements AutoCloseable {
    public static final String SERVICE = "lamina-test-registry";
    public static final String ISSUER = "lamina-test-issuer";

    private final HttpServer server;
    private final TestPki.Issued signer;
    private final PrivateKey signingKey;
    private final String x5c;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final List<TokenRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Duration expiresIn = Duration.ofMinutes(5);
    private volatile boolean anonymousPull = true;
    private volatile boolean oauth = true;

    /** What a client asked for. */
    public record TokenRequest(String method, Optional<String> grantType, List<String> scopes, Optional<String> user,
            boolean offline) {
    }

    private TokenServer(TestPki pki) throws IOException {
        this.signer = pki.tokenSigner();
        this.signingKey = TestPki.readKey(signer.key());
        try {
            X509Certificate certificate = TestPki.readCertificate(signer.certificate());
            this.x5c = Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", this::handle);
        server.start();
    }

    public static TokenServer start(TestPki pki) {
        try {
            return new TokenServer(pki);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public TokenServer user(String name, String password) {
        users.put(name, password);
        return this;
    }

    /** How long issued tokens say they last ({@code expires_in}); the JWT itself stays valid longer. */
    public TokenServer expiresIn(Duration lifetime) {
        this.expiresIn = lifetime;
        return this;
    }

    public TokenServer anonymousPull(boolean allowed) {
        this.anonymousPull = allowed;
        return this;
    }

    /** False to answer {@code POST} with 404, as token servers without OAuth2 do. */
    public TokenServer oauth(boolean supported) {
        this.oauth = supported;
        return this;
    }

    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public java.nio.file.Path signingCertificate() {
        return signer.certificate();
    }

    public List<TokenRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- serving ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Map<String, List<String>> params = new LinkedHashMap<>();
            parse(exchange.getRequestURI().getRawQuery(), params);
            if (method.equals("POST")) {
                if (!oauth) {
                    respond(exchange, 404, "{\"error\":\"unsupported\"}");
                    return;
                }
                parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
            }
            Optional<String> grant = first(params, "grant_type");
            List<String> scopes = new ArrayList<>();
            for (String scope : params.getOrDefault("scope", List.of())) {
                scopes.addAll(List.of(scope.trim().split("\\s+")));
            }
            scopes.removeIf(String::isEmpty);
            Optional<String> user;
            boolean offline = first(params, "offline_token").filter("true"::equals).isPresent()
                    || first(params, "access_type").filter("offline"::equals).isPresent();
            if (method.equals("POST") && grant.filter("refresh_token"::equals).isPresent()) {
                user = first(params, "refresh_token").map(refreshTokens::get);
                if (user.isEmpty()) {
                    record(method, grant, scopes, Optional.empty(), offline);
                    respond(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"unknown refresh token\"}");
                    return;
                }
                offline = true;
            } else if (method.equals("POST") && grant.filter("password"::equals).isPresent()) {
                user = checkPassword(first(params, "username").orElse(""), first(params, "password").orElse(""));
                if (user.isEmpty()) {
                    record(method, grant, scopes, Optional.empty(), offline);
                    respond(exchange, 401, "{\"error\":\"invalid_grant\",\"error_description\":\"wrong password\"}");
                    return;
                }
            } else {
                Optional<String[]> basic = basic(exchange.getRequestHeaders().getFirst("Authorization"));
                if (basic.isPresent()) {
                    user = checkPassword(basic.get()[0], basic.get()[1]);
                    if (user.isEmpty()) {
                        record(method, grant, scopes, Optional.empty(), offline);
                        respond(exchange, 401, "{\"details\":\"incorrect username or password\"}");
                        return;
                    }
                } else {
                    user = Optional.empty();
                }
            }
            record(method, grant, scopes, user, offline);
            respond(exchange, 200, tokenResponse(scopes, user, offline));
        }
    }

    private void record(String method, Optional<String> grant, List<String> scopes, Optional<String> user,
            boolean offline) {
        requests.add(new TokenRequest(method, grant, List.copyOf(scopes), user, offline));
    }

    private Optional<String> checkPassword(String user, String password) {
        return password.equals(users.get(user)) ? Optional.of(user) : Optional.empty();
    }

    private String tokenResponse(List<String> scopes, Optional<String> user, boolean offline) {
        Instant now = Instant.now();
        ObjectNode claims = Json.object();
        claims.put("iss", ISSUER);
        claims.put("sub", user.orElse(""));
        claims.put("aud", SERVICE);
        // The JWT outlives expires_in, so that a test may make the client renew early without the registry
        // ever seeing an expired token.
        claims.put("exp", now.plus(expiresIn).plus(Duration.ofMinutes(10)).getEpochSecond());
        claims.put("nbf", now.minusSeconds(5).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length < 3) {
                continue;
            }
            String name = String.join(":", List.of(parts).subList(1, parts.length - 1));
            ArrayNode actions = Json.array();
            for (String action : parts[parts.length - 1].split(",")) {
                if (user.isPresent() || (anonymousPull && action.equals("pull"))) {
                    actions.add(action);
                }
            }
            if (!actions.isEmpty()) {
                ObjectNode entry = access.addObject();
                entry.put("type", parts[0]);
                entry.put("name", name);
                entry.set("actions", actions);
            }
        }
        String jwt = jwt(claims);
        ObjectNode body = Json.object();
        body.put("token", jwt);
        body.put("access_token", jwt);
        body.put("expires_in", expiresIn.toSeconds());
        body.put("issued_at", now.toString());
        if (offline && user.isPresent()) {
            String refresh = "refresh-" + UUID.randomUUID();
            refreshTokens.put(refresh, user.get());
            body.put("refresh_token", refresh);
        }
        return body.toString();
    }

    private String jwt(ObjectNode claims) {
        ObjectNode header = Json.object();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        header.putArray("x5c").add(x5c);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(signingKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void parse(String query, Map<String, List<String>> into) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
    }

    private static Optional<String> first(Map<String, List<String>> params, String key) {
        List<String> values = params.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static Optional<String[]> basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : Optional.of(new String[] {decoded.substring(0, colon),
                decoded.substring(colon + 1)});
    }
}
