import Foundation
import HTTPTypes
import Testing
import WebKit
import WebServer

/// Issue 20: no request stops the server. Every endpoint that takes a date, an instant or a number is fed the
/// ends of what can be written (0001-01-01 … 9999-12-31, the days around the calendar's coverage, the ends of
/// Int32 and Int64); each answer must be an answer (below 500), and the server must still answer /health.
/// A trap in a handler (force unwrap, overflow, index out of range) would end this test process.
@Suite("Edge values: every endpoint answers and the server lives")
struct EdgeValueAPITests {
    static let dates = ["0001-01-01", "1969-12-31", "1970-01-01", "2014-12-31", "2015-01-01", "2027-12-31", "2028-01-01",
                        "9998-12-31", "9999-01-01", "9999-05-11", "9999-12-10", "9999-12-11", "9999-12-31"]
    static let numbers = ["0", "-1", "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808",
                          "9223372036854775808", "1e400"]

    static func answered(_ r: APIReply, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.status.code < 500, "\(what): \(r)", sourceLocation: sourceLocation)
    }

    @Test("dates and numbers at the ends, on the JSON API and the pages")
    func edges() async throws {
        try await withAPI(demoApplications: 5) { _, c in
            let (cookie, csrf) = try await PagesTests.signIn(c, "admin")
            @Sendable func page(_ path: String) async throws -> APIReply { try await c.call(.get, path, headers: cookie) }
            @Sendable func form(_ path: String, _ pairs: [(String, String)]) async throws -> APIReply {
                var h = cookie
                h[.contentType] = "application/x-www-form-urlencoded"
                return try await c.call(.post, path, json: PagesTests.form([("csrf", csrf)] + pairs), headers: h)
            }
            var n = 0
            for d in Self.dates {
                for offset in ["Z", "+14:00", "-12:00"] {
                    let at = "\(d)T12:00:00\(offset)"
                    n += 1
                    // A new application with every event at the edge; then events appended to a good one.
                    let create = Bodies.application(id: "EDGE-\(n)", events: [
                        Bodies.event("submitted", at, "\"documents\": [\"application\"]"), Bodies.event("registered", at),
                        Bodies.event("result_issued", at, "\"signedBy\": \"akim-abai\"")])
                    Self.answered(try await c.post("/api/v1/applications", create, as: .admin), "create at \(at)")
                    Self.answered(try await c.post("/api/v1/applications", create, as: .registrar), "create at \(at) (registrar)")
                    let good = Bodies.application(id: "EDGE-G-\(n)", events: Bodies.opened("2025-03-03"))
                    Self.answered(try await c.post("/api/v1/applications", good, as: .registrar), "create good")
                    for type in ["documents_added", "result_issued", "complaint_registered", "refused"] {
                        let e = Bodies.event(type, at, "\"documents\": [\"x\"], \"signedBy\": \"akim-abai\", \"complaint\": \"C\", \"reasons\": [\"r\"], \"ground\": \"merits\"")
                        Self.answered(try await c.post("/api/v1/applications/EDGE-G-\(n)/events", e, as: .admin), "\(type) at \(at)")
                        Self.answered(try await c.post("/api/v1/events", #"{"events": [\#(e.dropLast()), "application": "EDGE-G-\#(n)"}]}"#, as: .admin),
                                      "bulk \(type) at \(at)")
                    }
                }
                Self.answered(try await c.get("/api/v1/findings?from=\(d)&to=\(d)", as: .admin), "findings from/to \(d)")
                Self.answered(try await c.get("/api/v1/findings?from=0001-01-01&to=\(d)", as: .inspector), "findings to \(d)")
                let risk = #"{"asOf": "\#(d)", "subjects": [{"id": "s", "lastVisit": "\#(d)", "objective": {"servicesRenderedLast6Months": 10, "complaintsToAuthorizedBodyLast6Months": 0, "art465LiabilityLastYear": false, "negativeMediaLastYear": false, "inspectionsLastYear": 0, "refusalsInInternalControlReport": false}, "subjective": {"violated": [1]}}]}"#
                Self.answered(try await c.post("/api/v1/risk", risk, as: .admin), "risk asOf \(d)")
                Self.answered(try await c.post("/api/v1/risk", #"{"asOf": "\#(d)", "subjects": []}"#, as: .inspector), "empty risk asOf \(d)")
                // The pages: the risk form, the register's and the report's date filters, the calendar's year.
                Self.answered(try await form("/risk", [("input", risk)]), "risk page asOf \(d)")
                Self.answered(try await page("/applications?from=\(d)&to=\(d)"), "register \(d)")
                Self.answered(try await page("/reports?from=\(d)&to=\(d)"), "report \(d)")
                Self.answered(try await page("/reports/findings.csv?from=\(d)&to=\(d)"), "csv \(d)")
                Self.answered(try await page("/calendar?year=\(d.prefix(4))"), "calendar \(d.prefix(4))")
            }
            for x in Self.numbers {
                Self.answered(try await c.post("/api/v1/applications", #"{"id": "Q-\#(x.count)", "service": "outdoor-advertising", "provider": "akimat-abai", "channel": "paper", "queuePosition": \#(x), "events": [{"type": "submitted", "at": "2025-03-03T10:00:00+05:00", "documents": ["application"]}]}"#, as: .registrar), "queuePosition \(x)")
                Self.answered(try await c.post("/api/v1/checklists/score", #"{"subject": "akimat-abai", "answers": [{"requirement": \#(x), "complies": false}]}"#, as: .admin), "checklist requirement \(x)")
                Self.answered(try await c.post("/api/v1/risk", #"{"asOf": "2025-11-20", "subjects": [{"id": "s", "objective": {"servicesRenderedLast6Months": \#(x), "complaintsToAuthorizedBodyLast6Months": \#(x), "art465LiabilityLastYear": false, "negativeMediaLastYear": false, "inspectionsLastYear": \#(x), "refusalsInInternalControlReport": false}, "subjective": {"violated": [\#(x)]}}]}"#, as: .admin), "risk counts \(x)")
                Self.answered(try await page("/calendar?year=\(x)"), "calendar year \(x)")
                Self.answered(try await page("/applications?page=\(x)"), "register page \(x)")
            }
            // The year-9999 request of the issue: refused as the caller's input, not an outage.
            let r = try await c.post("/api/v1/risk", #"{"asOf": "9999-12-31", "subjects": []}"#, as: .inspector)
            #expect(r.status == .badRequest && r.error?.path == "$.asOf", "\(r)")
            #expect(try await c.get("/health").status == .ok, "the server still answers")
            #expect(try await c.get("/api/v1/me", as: .admin).status == .ok)
        }
    }
}
