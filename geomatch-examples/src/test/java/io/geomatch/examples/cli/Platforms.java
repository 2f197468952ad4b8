package io.geomatch.examples.cli;

import io.geomatch.examples.service.CommunityService;
import io.geomatch.examples.service.Principal;
import io.geomatch.examples.service.ServiceOptions;

import java.nio.file.Path;

/** Data directories of the service, made through its API, for the audit tests to damage. */
final class Platforms {
    private Platforms() {
    }

    /**
     * @param data a data directory that does not exist yet
     * @return it, closed, holding one owner and a signed tree head over every record
     */
    static Path withSignedHead(Path data) throws Exception {
        try (CommunityService service = CommunityService.open(data, ServiceOptions.defaults().ownerRoundMillis(10))) {
            Principal operator = service.authenticate(service.newOperatorToken());
            service.createOwner(operator, "Owner", "owner@example.com");
            service.signTreeHead();
        }
        return data;
    }
}
