package id.dicomgateway.relay.search;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a study search. */
@RegisterForReflection
@Schema(name = "StudyList", description = "One page of a PACS study search, in the PACS's order")
public record StudyList(
        List<FoundStudy> studies,
        @Schema(description = "The page size asked for") int limit,
        @Schema(description = "How many matches were skipped before this page") int offset,
        @Schema(description = "How many studies match in all, when the PACS tells (the last page always does)", nullable = true)
        Integer total,
        @Schema(description = "Whether a next page may hold more studies (this page is full)") boolean more) {
}
