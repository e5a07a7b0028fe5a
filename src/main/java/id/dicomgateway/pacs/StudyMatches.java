package id.dicomgateway.pacs;

import java.util.List;

/**
 * One page of a study search: the studies in the PACS's order and, when known, how many match in
 * all. QIDO-RS itself carries no total (PS3.18 §10.6.3); it is known when the page is the last one,
 * or when the PACS counts (dcm4chee-arc's {@code /studies/count}).
 *
 * @param total null when unknown
 */
public record StudyMatches(List<StudySummary> studies, Integer total) {
}
