package dev.lamina.registry;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.Challenge;
import okhttp3.Response;

/** What a registry asked for in {@code WWW-Authenticate}, or that it asks for nothing. */
sealed interface AuthChallenge {

    /** The registry answered without asking for credentials. */
    record Anonymous() implements AuthChallenge {
    }

    record Basic(String realm) implements AuthChallenge {
    }

    /** Token auth: get a token for {@code scope} from {@code realm} for {@code service}. */
    record Bearer(String realm, Optional<String> service, AuthScope scope, Optional<String> error)
            implements AuthChallenge {
    }

    /** The challenge of a 401 response: Bearer preferred, then Basic; empty when it names neither. */
    static Optional<AuthChallenge> of(Response response) {
        AuthChallenge basic = null;
        for (Challenge challenge : response.challenges()) {
            Map<String, String> params = challenge.authParams();
            String scheme = challenge.scheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("bearer") && challenge.realm() != null) {
                return Optional.of(new Bearer(challenge.realm(), Optional.ofNullable(params.get("service")),
                        AuthScope.parse(params.get("scope")), Optional.ofNullable(params.get("error"))));
            }
            if (scheme.equals("basic") && basic == null) {
                basic = new Basic(challenge.realm() == null ? "" : challenge.realm());
            }
        }
        return Optional.ofNullable(basic);
    }
}
