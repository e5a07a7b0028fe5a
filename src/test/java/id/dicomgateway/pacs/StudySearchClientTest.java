package id.dicomgateway.pacs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What Orthanc cannot show: a PACS that counts matches (dcm4chee-arc's /studies/count), one that
 * ignores limit, one that refuses a search, 204 for no match, and the query's own checks.
 */
class StudySearchClientTest {
    private WireMockServer pacs;
    private PacsClient client;

    @BeforeEach
    void start() {
        pacs = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        pacs.start();
        String base = pacs.baseUrl() + "/rs";
        client = new PacsClient(new PacsConfig() {
            public String dicomwebUrl() {
                return base;
            }

            public String wadoUriUrl() {
                return base + "/wado";
            }

            public Retrieve retrieve() {
                return Retrieve.WADO_RS;
            }

            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            public Duration readTimeout() {
                return Duration.ofSeconds(5);
            }
        });
    }

    @AfterEach
    void stop() {
        pacs.stop();
    }

    private static String studies(int n) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("""
                    {"0020000D":{"vr":"UI","Value":["1.2.3.%d"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"DOE^JANE","Ideographic":"X"}]},
                     "00201208":{"vr":"IS","Value":["%d"]},"00201206":{"vr":"IS","Value":[1]},"00080061":{"vr":"CS","Value":["CT","SR"]}}"""
                    .formatted(i, i + 1));
        }
        return s.append("]").toString();
    }

    private void answer(String body) {
        pacs.stubFor(get(urlPathEqualTo("/rs/studies")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/dicom+json").withBody(body)));
    }

    private static StudyQuery query(String name, int limit, int offset) {
        return new StudyQuery(null, null, name, null, "20261101-20261130", "ct,mr", null, limit, offset);
    }

    @Test
    void aFullPageAsksTheCountAndSendsTheQueryAsQidoRsNamesIt() {
        answer(studies(2));
        pacs.stubFor(get(urlPathEqualTo("/rs/studies/count")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"count\":57}")));
        StudyMatches page = client.searchStudies(query("DOE^J*", 2, 4));
        assertThat(page.total()).isEqualTo(57);
        assertThat(page.studies()).extracting(StudySummary::studyInstanceUid).containsExactly("1.2.3.0", "1.2.3.1");
        StudySummary first = page.studies().get(0);
        assertThat(first.patientName()).isEqualTo("DOE^JANE");
        assertThat(first.numberOfStudyRelatedInstances()).isEqualTo(1);
        assertThat(first.numberOfStudyRelatedSeries()).isEqualTo(1);
        assertThat(first.modalitiesInStudy()).containsExactly("CT", "SR");
        assertThat(first.toString()).as("a summary may reach a log line").doesNotContain("DOE");
        pacs.verify(getRequestedFor(urlPathEqualTo("/rs/studies")).withQueryParam("PatientName", equalTo("DOE^J*"))
                .withQueryParam("StudyDate", equalTo("20261101-20261130")).withQueryParam("ModalitiesInStudy", equalTo("CT,MR"))
                .withQueryParam("limit", equalTo("2")).withQueryParam("offset", equalTo("4"))
                .withQueryParam("includefield", equalTo("00081030,00080061,00201206,00201208")));
        pacs.verify(getRequestedFor(urlPathEqualTo("/rs/studies/count")).withQueryParam("PatientName", equalTo("DOE^J*")));
    }

    @Test
    void aPacsWithoutCountIsNotAskedAgainAndOneIgnoringLimitIsCutAtIt() {
        answer(studies(5));
        pacs.stubFor(get(urlPathEqualTo("/rs/studies/count")).willReturn(aResponse().withStatus(404)));
        StudyMatches page = client.searchStudies(query(null, 3, 0));
        assertThat(page.studies()).hasSize(3);
        assertThat(page.total()).isNull();
        client.searchStudies(query(null, 3, 3));
        pacs.verify(1, getRequestedFor(urlPathEqualTo("/rs/studies/count")));
        // The last page knows its total without a count.
        answer(studies(1));
        assertThat(client.searchStudies(query(null, 3, 6)).total()).isEqualTo(7);
    }

    @Test
    void noMatchRefusalAndBrokenAnswers() {
        pacs.stubFor(get(urlPathEqualTo("/rs/studies")).willReturn(aResponse().withStatus(204)));
        assertThat(client.searchStudies(query(null, 10, 0)).studies()).isEmpty();
        assertThat(client.searchStudies(query(null, 10, 0)).total()).isZero();

        pacs.stubFor(get(urlPathEqualTo("/rs/studies")).willReturn(aResponse().withStatus(400).withBody("unsupported")));
        assertThatThrownBy(() -> client.searchStudies(query(null, 10, 0))).isInstanceOfSatisfying(PacsException.class,
                e -> assertThat(e.reason()).isEqualTo(PacsException.Reason.SEARCH_REFUSED));

        pacs.stubFor(get(urlPathEqualTo("/rs/studies")).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> client.searchStudies(query(null, 10, 0))).isInstanceOfSatisfying(PacsException.class,
                e -> assertThat(e.reason()).isEqualTo(PacsException.Reason.PACS_ERROR));

        answer("{\"not\":\"an array\"}");
        assertThatThrownBy(() -> client.searchStudies(query(null, 10, 0))).isInstanceOfSatisfying(PacsException.class,
                e -> assertThat(e.reason()).isEqualTo(PacsException.Reason.PACS_ERROR));

        pacs.stop();
        assertThatThrownBy(() -> client.searchStudies(query(null, 10, 0))).isInstanceOfSatisfying(PacsException.class,
                e -> assertThat(e.reason()).isEqualTo(PacsException.Reason.PACS_UNREACHABLE));
    }

    @Test
    void theQueryChecksItsValues() {
        assertThat(new StudyQuery("1.2.3, 1.2.4", null, null, null, "-20261130", null, null, 1, 0).matchingQuery())
                .isEqualTo("StudyInstanceUID=1.2.3,1.2.4&StudyDate=-20261130");
        assertThat(new StudyQuery(null, "A B", "SANTOSO ^BUDI", null, null, null, "THORAX PA", 1, 0).matchingQuery())
                .isEqualTo("PatientID=A%20B&PatientName=SANTOSO%20%5EBUDI&StudyDescription=THORAX%20PA");
        for (String date : new String[] {"20260229", "2026113", "20261301", "20261130-20261101", "x", "--"}) {
            assertThatThrownBy(() -> new StudyQuery(null, null, null, null, date, null, null, 1, 0)).as(date)
                    .isInstanceOfSatisfying(PacsException.class, e -> assertThat(e.reason()).isEqualTo(PacsException.Reason.INVALID_QUERY));
        }
        assertThatThrownBy(() -> new StudyQuery(null, null, "A=B", null, null, null, null, 1, 0)).isInstanceOf(PacsException.class);
        assertThatThrownBy(() -> new StudyQuery(null, null, null, null, null, null, null, 0, 0)).isInstanceOf(PacsException.class);
        assertThat(new StudyQuery(null, null, null, null, "20280229", null, null, 1, 0).studyDate()).isEqualTo("20280229");
    }
}
