import Foundation
import HTTPTypes
import Testing
import WebKit
import WebServer

/// The JSON API under /api/v1 (docs/reference/http.md): applications and events, validation, signing, visibility,
/// findings, risk and checklists.
@Suite struct APITests {
    // MARK: applications

    @Test func createThenGetHasTheContractShape() async throws {
        try await withAPI { _, client in
            let created = try await client.post("/api/v1/applications",
                                                Bodies.application(id: "T-1", events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(created.status == .created, "\(created)")
            #expect(created.object["id"] as? String == "T-1")

            let got = try await client.get("/api/v1/applications/T-1", as: .registrar)
            #expect(got.status == .ok, "\(got)")
            // The contract's three keys, extended by the terms waiting for next year's calendar (none here).
            #expect(Set(got.object.keys) == ["application", "events", "findings", "beyondCalendar"])
            #expect((got.object["beyondCalendar"] as? [Any])?.isEmpty == true)
            let app = try #require(got.object["application"] as? [String: Any])
            #expect(app["id"] as? String == "T-1")
            #expect(app["service"] as? String == "outdoor-advertising")
            #expect(app["provider"] as? String == "akimat-abai")
            #expect(app["channel"] as? String == "electronic")
            let events = try #require(got.object["events"] as? [[String: Any]])
            #expect(events.map { $0["type"] as? String } == ["submitted", "registered"])
            #expect(events.first?["at"] as? String == "2025-03-03T10:00:00+05:00")
            // Never decided and long past its 5-working-day term: a term_breach in check.md's shape.
            let findings = try #require(got.object["findings"] as? [[String: Any]])
            let breach = try #require(findings.first { $0["code"] as? String == "term_breach" }, "\(got)")
            #expect(breach["application"] as? String == "T-1")
            #expect(breach["severity"] as? String == "gross")
            #expect(breach["stage"] as? String == "decision")
            let citation = try #require(breach["citation"] as? [String])
            #expect(citation.contains("PS-RISK-2023 App.1 #16"), "\(citation)")
            let message = try #require(breach["message"] as? [String: Any])
            for lang in ["kk", "ru", "en"] { #expect(!((message[lang] as? String) ?? "").isEmpty, "message.\(lang)") }
            #expect(breach["due"] is String)
            for f in findings {
                for key in ["application", "code", "severity", "citation", "message"] { #expect(f[key] != nil, "finding without \(key): \(f)") }
            }
        }
    }

    @Test func createWithoutIDGetsOne() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/applications", Bodies.application(events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(r.status == .created, "\(r)")
            let id = try #require(r.object["id"] as? String)
            #expect(try await h.eventCount(id) == 2)
            // "Z" is an offset too.
            let z = try await client.post("/api/v1/applications", Bodies.application(events: [Bodies.event("submitted", "2025-03-03T05:00:00Z")]), as: .registrar)
            #expect(z.status == .created, "\(z)")
            // queuePosition is at least 1.
            let q = #"{"service": "outdoor-advertising", "provider": "akimat-abai", "channel": "paper", "queuePosition": 0, "events": []}"#
            let qr = try await client.post("/api/v1/applications", q, as: .registrar)
            #expect(qr.status == .badRequest && qr.error?.path == "$.queuePosition", "\(qr)")
        }
    }

    @Test func duplicateExternalIDIs409AndAddsNothing() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let body = Bodies.application(id: "DUP-1", events: Bodies.opened("2025-03-03"))
            #expect(try await client.post("/api/v1/applications", body, as: .registrar).status == .created)
            let again = try await client.post("/api/v1/applications",
                                              Bodies.application(id: "DUP-1", events: Bodies.opened("2025-03-04")), as: .registrar)
            #expect(again.status == .conflict, "\(again)")
            #expect(again.error?.code == "conflict")
            #expect(again.error?.path == "$.id")
            #expect(try await h.eventCount("DUP-1") == 2)
            // A demo application's id is taken too — in its own organization (ids are unique per provider).
            let owner = try #require(try await h.store.application("A-00001")).0.provider
            let demo = try await client.post("/api/v1/applications",
                                             Bodies.application(id: "A-00001", provider: owner, events: Bodies.opened("2025-03-04")), as: .admin)
            #expect(demo.status == .conflict, "\(demo)")
        }
    }

    @Test func unknownServiceIs422AtService() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/applications",
                                          Bodies.application(id: "U-1", service: "no-such-service", events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.path == "$.service")
            #expect(r.error?.message.contains("no-such-service") == true)
            #expect(try await h.eventCount("U-1") == nil)
        }
    }

    @Test func unknownProviderIs422AtProvider() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/applications",
                                          Bodies.application(id: "U-2", provider: "no-such-org", events: Bodies.opened("2025-03-03")), as: .admin)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.path == "$.provider")
            #expect(try await h.eventCount("U-2") == nil)
        }
    }

    @Test func unknownSignerIs422AtSignedBy() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "S-0", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            let r = try await client.post("/api/v1/applications/S-0/events",
                                          Bodies.event("result_issued", "2025-03-05T15:00:00+05:00", "\"signedBy\": \"nobody\""), as: .signer)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.path == "$.signedBy", "\(r)")
        }
    }

    @Test(arguments: [
        ("{\"service\": ", "truncated"),
        ("{\"service\": \"outdoor-advertising\",}", "trailing comma"),
        ("[1, 2", "truncated array"),
        ("not json", "not json"),
        ("{} {}", "two documents"),
        ("", "empty"),
    ])
    func malformedJSONIs400WithAPath(_ body: String, _ label: String) async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for (uri, role) in [("/api/v1/applications", Role.registrar), ("/api/v1/events", .registrar),
                                ("/api/v1/applications/A-00001/events", .admin), ("/api/v1/risk", .inspector),
                                ("/api/v1/checklists/score", .inspector)] {
                let r = try await client.post(uri, body, as: role)
                #expect(r.status == .badRequest, "\(label) → \(uri): \(r)")
                #expect(r.error?.code == "invalid_input", "\(label) → \(uri): \(r)")
                #expect(r.error?.path.hasPrefix("$") == true, "\(label) → \(uri): \(r)")
            }
        }
    }

    @Test func missingFieldIs400NamingIt() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let noChannel = #"{"id": "M-1", "service": "outdoor-advertising", "provider": "akimat-abai", "events": []}"#
            let r = try await client.post("/api/v1/applications", noChannel, as: .registrar)
            #expect(r.status == .badRequest, "\(r)")
            #expect(r.error?.path == "$.channel")
            #expect(r.error?.message.contains("channel") == true)
            let noEvents = #"{"id": "M-1", "service": "outdoor-advertising", "provider": "akimat-abai", "channel": "paper"}"#
            let r2 = try await client.post("/api/v1/applications", noEvents, as: .registrar)
            #expect(r2.status == .badRequest, "\(r2)")
            #expect(r2.error?.path == "$.events")
            let noService = #"{"id": "M-1", "provider": "akimat-abai", "channel": "paper", "events": []}"#
            let r3 = try await client.post("/api/v1/applications", noService, as: .registrar)
            #expect(r3.status == .badRequest, "\(r3)")
            #expect(r3.error?.path == "$.service")
            // An event without its type; a refusal without its ground.
            let noType = Bodies.application(id: "M-1", events: [#"{"at": "2025-03-03T10:00:00+05:00"}"#])
            let r4 = try await client.post("/api/v1/applications", noType, as: .registrar)
            #expect(r4.status == .badRequest, "\(r4)")
            #expect(r4.error?.path == "$.events[0].type")
            let badChannel = Bodies.application(id: "M-1", channel: "pigeon", events: Bodies.opened("2025-03-03"))
            let r5 = try await client.post("/api/v1/applications", badChannel, as: .registrar)
            #expect(r5.status == .badRequest, "\(r5)")
            #expect(r5.error?.path == "$.channel")
            #expect(try await h.eventCount("M-1") == nil)
        }
    }

    @Test func instantWithoutOffsetIs400() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/applications",
                                          Bodies.application(id: "I-1", events: [Bodies.event("submitted", "2025-03-03T10:00:00")]), as: .registrar)
            #expect(r.status == .badRequest, "\(r)")
            #expect(r.error?.path == "$.events[0].at")
            #expect(try await h.eventCount("I-1") == nil)
            let second = try await client.post("/api/v1/applications",
                                               Bodies.application(id: "I-1", events: [Bodies.opened("2025-03-03")[0], Bodies.event("registered", "2025-03-03")]),
                                               as: .registrar)
            #expect(second.status == .badRequest, "\(second)")
            #expect(second.error?.path == "$.events[1].at")
            #expect(try await h.eventCount("I-1") == nil)
        }
    }

    @Test(arguments: ["2014-06-02T10:00:00+06:00", "2028-06-01T10:00:00+05:00", "2014-12-31T23:00:00+06:00"])
    func dateOutsideTheCalendarIs422(_ at: String) async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/applications", Bodies.application(id: "C-1", events: [Bodies.event("submitted", at)]), as: .registrar)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.code == "calendar_not_covered", "\(r)")
            #expect(r.error?.path == "$.events[0].at", "\(r)")
            #expect(try await h.eventCount("C-1") == nil)
            // Appending such an event to an existing application is refused the same way.
            let append = try await client.post("/api/v1/applications/A-00001/events", Bodies.event("hearing_held", at), as: .admin)
            #expect(append.status == .unprocessableContent, "\(append)")
            #expect(append.error?.code == "calendar_not_covered", "\(append)")
            #expect(append.error?.path == "$.at", "\(append)")
        }
    }

    @Test func resultBeforeRegistrationIs422OutOfOrder() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let created = try await client.post("/api/v1/applications",
                                                Bodies.application(id: "O-1", events: [Bodies.opened("2025-03-03")[0]]), as: .registrar)
            #expect(created.status == .created, "\(created)")
            let r = try await client.post("/api/v1/applications/O-1/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"), as: .signer)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.code == "event_out_of_order", "\(r)")
            #expect(r.error?.path == "$.type", "\(r)")
            #expect(try await h.eventCount("O-1") == 1)
            // Once registered, the same result is accepted.
            #expect(try await client.post("/api/v1/applications/O-1/events", Bodies.event("registered", "2025-03-03T11:00:00+05:00"), as: .registrar).status == .created)
            let ok = try await client.post("/api/v1/applications/O-1/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"), as: .signer)
            #expect(ok.status == .created, "\(ok)")
            #expect(try await h.eventCount("O-1") == 3)
        }
    }

    @Test func eventBeforeSubmissionIs422AndTheApplicationIsNotHalfWritten() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            // The application row is inserted in the same transaction as its events: the rule failing rolls both back.
            let events = [Bodies.opened("2025-03-03")[0], Bodies.event("registered", "2025-03-02T11:00:00+05:00")]
            let r = try await client.post("/api/v1/applications", Bodies.application(id: "H-1", events: events), as: .registrar)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.code == "event_out_of_order", "\(r)")
            #expect(r.error?.path == "$.events[1].at", "\(r)")
            #expect(try await h.eventCount("H-1") == nil)
            let get = try await client.get("/api/v1/applications/H-1", as: .registrar)
            #expect(get.status == .notFound, "\(get)")
            #expect(try await h.audit(action: "application.create").allSatisfy { $0.entity != "application:H-1" })
            // The id is still free.
            let retry = try await client.post("/api/v1/applications", Bodies.application(id: "H-1", events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(retry.status == .created, "\(retry)")
        }
    }

    @Test func complaintAnsweredBeforeRegisteredIs422() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "K-1", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            let r = try await client.post("/api/v1/applications/K-1/events",
                                          Bodies.event("complaint_answered", "2025-03-10T10:00:00+05:00", #""complaint": "C-9", "satisfied": "none""#), as: .registrar)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.code == "event_out_of_order")
            #expect(r.error?.path == "$.complaint")
            #expect(try await h.eventCount("K-1") == 2)
        }
    }

    // MARK: events: all or nothing

    @Test func bulkWithABadThirdItemStoresNothing() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            for id in ["B-1", "B-2"] {
                #expect(try await client.post("/api/v1/applications", Bodies.application(id: id, events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            }
            let auditBefore = try await h.audit().count
            func item(_ app: String, _ event: String) -> String { "{\"application\": \"\(app)\", \"event\": \(event)}" }
            let good1 = item("B-1", Bodies.event("hearing_notified", "2025-03-04T10:00:00+05:00"))
            let good2 = item("B-2", Bodies.event("monitoring_recorded", "2025-03-04T11:00:00+05:00"))
            // Third item bad in each way a request can be bad: caught while reading, or only inside the transaction.
            let bad: [(String, HTTPResponse.Status, String?)] = [
                (item("B-1", Bodies.event("hearing_held", "2025-03-04T12:00:00")), .badRequest, "$.events[2].event.at"),
                (item("B-1", Bodies.event("hearing_held", "2028-03-04T12:00:00+05:00")), .unprocessableContent, "$.events[2].event.at"),
                // Regression (fixed): the path of an unknown application in a bulk request names the field sent. API.append builds it with
                // replacingOccurrences(of: ".event", with: ".application"), which also rewrites ".events" and answers
                // "$.applications[2].application".
                (item("NO-SUCH-APP", Bodies.event("hearing_held", "2025-03-04T12:00:00+05:00")), .unprocessableContent, "$.events[2].application"),
                (item("B-2", Bodies.event("hearing_held", "2025-03-01T12:00:00+05:00")), .unprocessableContent, "$.events[2].event.at"),
                (item("B-2", Bodies.event("pigeon_sent", "2025-03-04T12:00:00+05:00")), .badRequest, "$.events[2].event.type"),
                (#"{"application": "B-1"}"#, .badRequest, "$.events[2].event"),
            ]
            for (third, status, path) in bad {
                let r = try await client.post("/api/v1/events", "{\"events\": [\(good1), \(good2), \(third)]}", as: .executor)
                #expect(r.status == status, "\(third): \(r)")
                if let path { #expect(r.error?.path == path, "\(third): \(r)") }
                #expect(try await h.eventCount("B-1") == 2, "\(third)")
                #expect(try await h.eventCount("B-2") == 2, "\(third)")
            }
            #expect(try await h.audit().count == auditBefore, "a failed bulk request left audit entries")
            #expect(try await h.auditIsWhole())
            // The same three, all good → all stored.
            let good3 = item("B-1", Bodies.event("hearing_held", "2025-03-04T12:00:00+05:00"))
            let ok = try await client.post("/api/v1/events", "{\"events\": [\(good1), \(good2), \(good3)]}", as: .executor)
            #expect(ok.status == .created, "\(ok)")
            #expect(int(ok.object["accepted"]) == 3)
            #expect(try await h.eventCount("B-1") == 4)
            #expect(try await h.eventCount("B-2") == 3)
        }
    }

    /// The third item fails a rule checked inside the write transaction, after the first application's events
    /// were inserted: the transaction must roll them back.
    @Test func bulkFailingInsideTheTransactionRollsBackEarlierApplications() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "R-1", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "R-2", events: [Bodies.opened("2025-03-03")[0]]), as: .registrar).status == .created)
            let body = """
            {"events": [
              {"application": "R-1", "event": \(Bodies.event("hearing_notified", "2025-03-04T10:00:00+05:00"))},
              {"application": "R-1", "event": \(Bodies.event("result_issued", "2025-03-05T10:00:00+05:00"))},
              {"application": "R-2", "event": \(Bodies.event("result_issued", "2025-03-05T10:00:00+05:00"))}
            ]}
            """
            let r = try await client.post("/api/v1/events", body, as: .signer)
            #expect(r.status == .unprocessableContent, "\(r)")
            #expect(r.error?.code == "event_out_of_order", "\(r)")
            #expect(r.error?.path == "$.events[2].event.type", "\(r)")
            #expect(try await h.eventCount("R-1") == 2)
            #expect(try await h.eventCount("R-2") == 1)
            #expect(try await h.audit(action: "events.append").allSatisfy { !$0.entity.hasSuffix(":R-1") || $0.actor != "signer" })
            #expect(try await h.auditIsWhole())
        }
    }

    @Test func unknownApplicationIn404Or422() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let bulk = try await client.post("/api/v1/events",
                                             "{\"events\": [{\"application\": \"NOPE\", \"event\": \(Bodies.event("hearing_held", "2025-03-04T12:00:00+05:00"))}]}",
                                             as: .executor)
            #expect(bulk.status == .unprocessableContent, "\(bulk)")
            #expect(bulk.error?.code == "unknown_reference", "\(bulk)")
            // Regression (fixed): the error path names the bulk item's field, "$.events[0].application" (API.append answers
            // "$.applications[0].application": its replacingOccurrences(of: ".event", …) also rewrites ".events").
            #expect(bulk.error?.path == "$.events[0].application", "\(bulk)")
            let single = try await client.post("/api/v1/applications/NOPE/events", Bodies.event("hearing_held", "2025-03-04T12:00:00+05:00"), as: .executor)
            #expect(single.status == .notFound, "\(single)")
            #expect(single.error?.code == "not_found")
            let get = try await client.get("/api/v1/applications/NOPE", as: .inspector)
            #expect(get.status == .notFound, "\(get)")
            #expect(get.error?.code == "not_found")
        }
    }

    @Test func appendAListOfEvents() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "L-1", events: [Bodies.opened("2025-03-03")[0]]), as: .registrar).status == .created)
            let list = "[" + [Bodies.event("registered", "2025-03-03T11:00:00+05:00"), Bodies.event("hearing_notified", "2025-03-04T09:00:00+05:00")].joined(separator: ",") + "]"
            let r = try await client.post("/api/v1/applications/L-1/events", list, as: .executor)
            #expect(r.status == .created, "\(r)")
            #expect(int(r.object["accepted"]) == 2)
            #expect(try await h.eventCount("L-1") == 3)
            // A bad second item in a list: nothing of the list is stored, and the path names the item.
            let bad = "[" + [Bodies.event("hearing_held", "2025-03-05T09:00:00+05:00"), Bodies.event("hearing_held", "yesterday")].joined(separator: ",") + "]"
            let r2 = try await client.post("/api/v1/applications/L-1/events", bad, as: .executor)
            #expect(r2.status == .badRequest, "\(r2)")
            #expect(r2.error?.path == "$[1].at", "\(r2)")
            #expect(try await h.eventCount("L-1") == 3)
        }
    }

    // MARK: signing (PS-VIOLATIONS-2025 Stage III case 15)

    @Test func onlyTheSignerMaySignAndRefusalsAreAudited() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "S-1", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            let result = Bodies.event("result_issued", "2025-03-05T15:00:00+05:00")
            for role in [Role.registrar, .executor, .admin] {
                let before = try await h.audit(action: "refused.sign").count
                let r = try await client.post("/api/v1/applications/S-1/events", result, as: role)
                #expect(r.status == .forbidden, "\(role): \(r)")
                #expect(r.error?.code == "signature_refused", "\(role): \(r)")
                let refusals = try await h.audit(action: "refused.sign")
                #expect(refusals.count == before + 1, "\(role): the refusal was not recorded")
                #expect(refusals.last?.actor == (role == .internalControl ? "control" : role.rawValue))
                #expect(refusals.last?.entity == "application:akimat-abai|S-1")
                #expect(try await h.eventCount("S-1") == 2)
            }
            // Through the bulk route and when creating an application, the same.
            let before = try await h.audit(action: "refused.sign").count
            let bulk = try await client.post("/api/v1/events", "{\"events\": [{\"application\": \"S-1\", \"event\": \(result)}]}", as: .registrar)
            #expect(bulk.status == .forbidden && bulk.error?.code == "signature_refused", "\(bulk)")
            let create = try await client.post("/api/v1/applications", Bodies.application(id: "S-2", events: Bodies.opened("2025-03-03") + [result]), as: .registrar)
            #expect(create.status == .forbidden && create.error?.code == "signature_refused", "\(create)")
            #expect(try await h.eventCount("S-2") == nil)
            #expect(try await h.audit(action: "refused.sign").count == before + 2)
            // A refusal is a decision too.
            let refusal = Bodies.event("refused", "2025-03-05T15:00:00+05:00", #""ground": "merits", "reasons": ["x"]"#)
            let r = try await client.post("/api/v1/applications/S-1/events", refusal, as: .executor)
            #expect(r.status == .forbidden && r.error?.code == "signature_refused", "\(r)")

            // The signer (official akim-abai, who may sign every demo service) signs: accepted and stored as akim-abai.
            let ok = try await client.post("/api/v1/applications/S-1/events", result, as: .signer)
            #expect(ok.status == .created, "\(ok)")
            let got = try await client.get("/api/v1/applications/S-1", as: .signer)
            let last = (got.object["events"] as? [[String: Any]])?.last
            #expect(last?["type"] as? String == "result_issued")
            #expect(last?["signedBy"] as? String == "akim-abai", "\(got)")
            let findings = (got.object["findings"] as? [[String: Any]]) ?? []
            #expect(!findings.contains { $0["code"] as? String == "unauthorized_signature" }, "\(findings)")
            #expect(try await h.auditIsWhole())
        }
    }

    @Test func signerAbsentOrSigningAsAnotherOfficialIsRefused() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "V-1", events: Bodies.opened("2025-06-30")), as: .registrar).status == .created)
            // akim-abai is absent 2025-07-01..2025-07-21.
            for at in ["2025-07-01T09:30:00+05:00", "2025-07-10T12:00:00+05:00", "2025-07-21T18:00:00+05:00"] {
                let before = try await h.audit(action: "refused.sign").count
                let r = try await client.post("/api/v1/applications/V-1/events", Bodies.event("result_issued", at), as: .signer)
                #expect(r.status == .forbidden, "\(at): \(r)")
                #expect(r.error?.code == "signature_refused", "\(at): \(r)")
                let refusals = try await h.audit(action: "refused.sign")
                #expect(refusals.count == before + 1)
                #expect(refusals.last?.actor == "signer")
                #expect(refusals.last?.payload.contains("absent") == true, "\(refusals.last?.payload ?? "")")
            }
            // Signing as someone else.
            let other = try await client.post("/api/v1/applications/V-1/events",
                                              Bodies.event("result_issued", "2025-06-30T15:00:00+05:00", #""signedBy": "head-uap""#), as: .signer)
            #expect(other.status == .forbidden && other.error?.code == "signature_refused", "\(other)")
            #expect(try await h.eventCount("V-1") == 2)
            // After the absence (22 July), and on the day before it, accepted.
            let after = try await client.post("/api/v1/applications/V-1/events",
                                              Bodies.event("result_issued", "2025-07-22T10:00:00+05:00", #""signedBy": "akim-abai""#), as: .signer)
            #expect(after.status == .created, "\(after)")
            #expect(try await h.eventCount("V-1") == 3)
        }
    }

    @Test func anOfficialNotAllowedToSignTheServiceIsRefused() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            // deputy-abai may sign every demo service except land-plot-resolution.
            let land = Bodies.application(id: "D-1", service: "land-plot-resolution", events: Bodies.opened("2025-03-03"))
            #expect(try await client.post("/api/v1/applications", land, as: .registrar).status == .created)
            let r = try await client.post("/api/v1/applications/D-1/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"),
                                          token: APIFixtures.deputyToken)
            #expect(r.status == .forbidden && r.error?.code == "signature_refused", "\(r)")
            #expect(try await h.audit(action: "refused.sign").last?.actor == "deputy-signer")
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "D-2", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            let ok = try await client.post("/api/v1/applications/D-2/events", Bodies.event("result_issued", "2025-03-05T15:00:00+05:00"),
                                           token: APIFixtures.deputyToken)
            #expect(ok.status == .created, "\(ok)")
        }
    }

    // MARK: visibility by organization

    @Test func registrarSeesOnlyItsOrganizations() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let astana = Bodies.application(id: "X-1", provider: "uap-astana", events: Bodies.opened("2025-03-03"))
            #expect(try await client.post("/api/v1/applications", astana, as: .admin).status == .created)
            for role in [Role.registrar, .executor, .signer, .internalControl] {
                let r = try await client.get("/api/v1/applications/X-1", as: role)
                #expect(r.status == .notFound, "\(role): \(r)")
                let append = try await client.post("/api/v1/applications/X-1/events", Bodies.event("hearing_notified", "2025-03-04T10:00:00+05:00"), as: role)
                #expect(append.status == .notFound || append.status == .forbidden, "\(role): \(append)")
            }
            #expect(try await h.eventCount("X-1") == 2)
            for role in [Role.inspector, .admin] {
                let r = try await client.get("/api/v1/applications/X-1", as: role)
                #expect(r.status == .ok, "\(role): \(r)")
                #expect(dig(r.object, "application", "provider") as? String == "uap-astana")
            }
            let create = try await client.post("/api/v1/applications", Bodies.application(id: "X-2", provider: "uap-astana", events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(create.status == .forbidden, "\(create)")
            #expect(create.error?.code == "forbidden")
            #expect(try await h.eventCount("X-2") == nil)
            // A registrar of two organizations must say which one provides the service.
            let noProvider = try await client.post("/api/v1/applications", Bodies.application(id: "X-3", provider: nil, events: Bodies.opened("2025-03-03")), as: .registrar)
            #expect(noProvider.status == .unprocessableContent && noProvider.error?.path == "$.provider", "\(noProvider)")
            // Findings: a registrar's list holds only its organizations; asking for another's is forbidden.
            let mine = try await client.get("/api/v1/findings", as: .registrar)
            #expect(mine.status == .ok)
            for f in (mine.object["findings"] as? [[String: Any]]) ?? [] { #expect(f["application"] as? String != "X-1") }
            let theirs = try await client.get("/api/v1/findings?provider=uap-astana", as: .registrar)
            #expect(theirs.status == .forbidden, "\(theirs)")
            let inspector = try await client.get("/api/v1/findings?provider=uap-astana", as: .inspector)
            #expect(inspector.status == .ok)
            #expect(((inspector.object["findings"] as? [[String: Any]]) ?? []).contains { $0["application"] as? String == "X-1" }, "\(inspector)")
        }
    }

    // MARK: findings

    @Test func findingsFilteredByCode() async throws {
        try await withAPI { _, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "F-1", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            // On paper and never recorded in the monitoring system: not_recorded_in_monitoring besides term_breach.
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "F-2", channel: "paper", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            let all = try await client.get("/api/v1/findings", as: .inspector)
            #expect(all.status == .ok, "\(all)")
            let allFindings = try #require(all.object["findings"] as? [[String: Any]])
            let codes = Set(allFindings.compactMap { $0["code"] as? String })
            #expect(codes.isSuperset(of: ["term_breach", "not_recorded_in_monitoring"]), "\(codes)")
            let r = try await client.get("/api/v1/findings?code=term_breach", as: .inspector)
            #expect(r.status == .ok, "\(r)")
            let findings = try #require(r.object["findings"] as? [[String: Any]])
            #expect(!findings.isEmpty)
            #expect(findings.allSatisfy { $0["code"] as? String == "term_breach" })
            #expect(findings.count == allFindings.filter { $0["code"] as? String == "term_breach" }.count)
            #expect(findings.contains { $0["application"] as? String == "F-1" })
            #expect(int(dig(r.object, "summary", "findings")) == findings.count)
            // Sorted by application, then code (check.md).
            let keys = allFindings.map { "\($0["application"] as? String ?? "")\u{0}\($0["code"] as? String ?? "")" }
            #expect(keys == keys.sorted())
        }
    }

    @Test func findingsRejectBadFilters() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let code = try await client.get("/api/v1/findings?code=no_such_code", as: .inspector)
            #expect(code.status == .badRequest, "\(code)")
            #expect(code.error?.path == "code")
            for bad in ["2025-13-01", "yesterday", "2025-02-30", "20250301"] {
                let from = try await client.get("/api/v1/findings?from=\(bad)", as: .inspector)
                #expect(from.status == .badRequest, "from=\(bad): \(from)")
                #expect(from.error?.path == "from")
                let to = try await client.get("/api/v1/findings?to=\(bad)", as: .inspector)
                #expect(to.status == .badRequest, "to=\(bad): \(to)")
                #expect(to.error?.path == "to")
            }
        }
    }

    @Test func findingsFilteredBySubmissionDate() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            // Submitted (Almaty, UTC+5 in 2025): W-2 on 2 March at 23:30, W-3 on 3 March at 10:00, W-4 on 4 March at 10:00.
            let w2 = [Bodies.event("submitted", "2025-03-02T23:30:00+05:00"), Bodies.event("registered", "2025-03-03T09:10:00+05:00")]
            for (id, events) in [("W-2", w2), ("W-3", Bodies.opened("2025-03-03")), ("W-4", Bodies.opened("2025-03-04"))] {
                let r = try await client.post("/api/v1/applications", Bodies.application(id: id, provider: "uap-astana", events: events), as: .admin)
                #expect(r.status == .created, "\(r)")
            }
            func apps(_ query: String) async throws -> Set<String> {
                let r = try await client.get("/api/v1/findings?provider=uap-astana&" + query, as: .inspector)
                #expect(r.status == .ok, "\(query): \(r)")
                return Set(((r.object["findings"] as? [[String: Any]]) ?? []).compactMap { $0["application"] as? String }.filter { $0.hasPrefix("W-") })
            }
            #expect(try await apps("") == ["W-2", "W-3", "W-4"])
            #expect(try await apps("from=2025-03-02&to=2025-03-04") == ["W-2", "W-3", "W-4"])
            #expect(try await apps("from=2025-03-05").isEmpty)
            #expect(try await apps("to=2025-02-28").isEmpty)
            #expect(try await apps("from=2025-03-04").contains("W-4"))
            #expect(try await apps("to=2025-03-03").contains("W-3"))
            // Regression (fixed): the `to` bound of GET /api/v1/findings is the end of that local day. API.findings computes
            // dayNumber*86400 - 6h + 86400 + 12h, i.e. noon (UTC+6) of the NEXT day, so `to=2025-03-03` still
            // includes W-4, submitted 2025-03-04T10:00:00+05:00.
            let toThird = try await apps("to=2025-03-03")
            #expect(toThird == ["W-2", "W-3"])
            // Regression (fixed): the `from` bound is local midnight in the service's zone. API.findings uses midnight at
            // UTC+6 (dayNumber*86400 - 6h), but Almaty is UTC+5 since 1 March 2024, so `from=2025-03-03` includes
            // W-2, submitted 2025-03-02T23:30:00+05:00.
            let fromThird = try await apps("from=2025-03-03")
            #expect(fromThird == ["W-3", "W-4"])
        }
    }

    @Test func findingsQueryWithEmptyParametersAsInTheContract() async throws {
        try await withAPI(demoApplications: 5) { _, client in
            // docs/reference/http.md writes the route as `GET /api/v1/findings?code=&provider=&from=&to=`; an empty
            // parameter is no filter (provider, from and to already read it so).
            let all = try await client.get("/api/v1/findings", as: .inspector)
            // Regression (fixed): an empty `code=` is no filter; API.findings answers 400 "unknown finding code \"\"".
            let empty = try await client.get("/api/v1/findings?code=&provider=&from=&to=", as: .inspector)
            #expect(empty.status == .ok, "\(empty)")
            #expect(empty.status != .ok || empty.text == all.text)
        }
    }

    // MARK: concurrency: each request is one transaction

    @Test func concurrentAppendsToOneApplicationAllLand() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            #expect(try await client.post("/api/v1/applications", Bodies.application(id: "P-1", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<24 {
                    group.addTask {
                        let at = String(format: "2025-03-04T%02d:%02d:00+05:00", 9 + i / 6, (i % 6) * 10)
                        return Int(try await client.post("/api/v1/applications/P-1/events", Bodies.event("hearing_notified", at), as: .executor).status.code)
                    }
                }
                var out: [Int] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
            let stored = try #require(try await h.store.application("P-1")).1
            #expect(stored.map(\.seq) == Array(1...26))
        }
    }

    @Test func concurrentCreatesWithOneIDGiveOneWinner() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        Int(try await client.post("/api/v1/applications", Bodies.application(id: "RACE-1", events: Bodies.opened("2025-03-03")), as: .registrar).status.code)
                    }
                }
                var out: [Int] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses.sorted())")
            #expect(statuses.filter { $0 == 409 }.count == 9, "\(statuses.sorted())")
            #expect(try await h.eventCount("RACE-1") == 2)
        }
    }

    // MARK: odd requests

    @Test func anOversizedBodyIsAJSONError() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let huge = "{\"events\": [" + String(repeating: " ", count: 33 << 20) + "]}"
            let r = try await client.post("/api/v1/events", huge, as: .executor)
            #expect(r.status == .contentTooLarge, "HTTP \(r.status.code)")
            // Regression (fixed): errors raised by Hummingbird itself (here HTTPError 413 from body.collect(upTo:)) are answered
            // in the API's shape {"error": {"code", "message", "path"}}; ErrorMiddleware rethrows every HTTPResponseError as is.
            #expect(r.error != nil, "not the API's error shape: \(r.text.prefix(300))")
        }
    }

    @Test func percentEncodedIDsAddressTheirApplication() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for (id, encoded) in [("Ө-2025/1", "%D3%A8-2025%2F1"), ("A 1", "A%201")] {
                let created = try await client.post("/api/v1/applications", Bodies.application(id: id, events: Bodies.opened("2025-03-03")), as: .registrar)
                #expect(created.status == .created, "\(created)")
                // Regression (fixed): the {id} path parameter is percent-decoded. The API accepts any 1–200 character id at
                // creation, but ctx.parameters.require("id") hands the still-encoded segment to the store, so GET answers
                // 404 {"error": {"code": "not_found", "message": "unknown application \"%D3%A8-2025%2F1\""}}.
                let got = try await client.get("/api/v1/applications/\(encoded)", as: .registrar)
                #expect(got.status == .ok, "\(id): \(got)")
                #expect(dig(got.object, "application", "id") as? String == id)
            }
        }
    }

    @Test func metricsWithAConfiguredToken() async throws {
        var configuration = RasimServer.Configuration()
        configuration.metricsToken = "metrics-secret"
        try await withAPI(demoApplications: 1, configuration: configuration) { _, client in
            let none = try await client.get("/metrics")
            #expect(none.status == .unauthorized, "\(none)")
            #expect(none.error?.code == "unauthorized")
            let wrong = try await client.get("/metrics", token: "not-the-secret")
            #expect(wrong.status == .unauthorized)
            // Regression (fixed): the configured metrics token is accepted. IdentityMiddleware resolves every
            // "Authorization: Bearer" as an API token first and answers 401 "unknown API token" before /metrics runs.
            let right = try await client.get("/metrics", token: "metrics-secret")
            #expect(right.status == .ok, "\(right)")
        }
    }

    // MARK: risk and checklists

    @Test func riskContractExample() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/risk", Bodies.riskExample, as: .inspector)
            #expect(r.status == .ok, "\(r)")
            let s = try #require(dig(r.object, "subjects", 0) as? [String: Any], "\(r)")
            #expect(s["id"] as? String == "akimat-abai")
            #expect(bool(dig(s, "objective", "high")) == true)
            #expect(((dig(s, "objective", "criteria") as? [Any]) ?? []).map(int) == [1])
            #expect(number(dig(s, "subjective", "significant", "assessed")) == 15)
            #expect(number(dig(s, "subjective", "significant", "violated")) == 1)
            #expect(number(dig(s, "subjective", "significant", "score")) == 4.67)
            #expect(number(dig(s, "subjective", "minor", "assessed")) == 5)
            #expect(number(dig(s, "subjective", "minor", "score")) == 0)
            #expect(number(dig(s, "subjective", "score")) == 4.67)
            #expect(dig(s, "subjective", "category") as? String == "not_high")
            #expect(bool(s["needsVisit"]) == false)
            #expect(dig(r.object, "list", "approvalDue") as? String == "2025-12-10")
            #expect(try await h.audit(action: "risk.assess").count == 1)
            let forbidden = try await client.post("/api/v1/risk", Bodies.riskExample, as: .registrar)
            #expect(forbidden.status == .forbidden && forbidden.error?.code == "forbidden", "\(forbidden)")
            #expect(try await h.audit(action: "risk.assess").count == 1)
            // Bad input: a violated criterion out of range names its field.
            let bad = Bodies.riskExample.replacingOccurrences(of: "\"violated\": [2]", with: "\"violated\": [99]")
            let badReply = try await client.post("/api/v1/risk", bad, as: .inspector)
            #expect(badReply.status == .badRequest, "\(badReply)")
            #expect(badReply.error?.path.contains("violated") == true, "\(badReply)")
        }
    }

    @Test func checklistScore() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await client.post("/api/v1/checklists/score", Bodies.checklist, as: .inspector)
            #expect(r.status == .ok, "\(r)")
            #expect(r.object["subject"] as? String == "akimat-abai")
            #expect(int(r.object["answered"]) == 2)
            #expect(dig(r.object, "subjective", "category") is String)
            #expect(try await h.audit(action: "checklist.score").count == 1)
            let twice = #"{"subject": "akimat-abai", "answers": [{"requirement": 1, "complies": true}, {"requirement": 1, "complies": false}]}"#
            let bad = try await client.post("/api/v1/checklists/score", twice, as: .inspector)
            // Well-formed, against a rule its shape cannot say: 422 (docs/reference/http.md), not 400.
            #expect(bad.status == .unprocessableContent, "\(bad)")
            #expect(bad.error?.path == "$.answers[1].requirement", "\(bad)")
            let range = #"{"subject": "akimat-abai", "answers": [{"requirement": 20, "complies": true}]}"#
            let bad2 = try await client.post("/api/v1/checklists/score", range, as: .admin)
            #expect(bad2.status == .badRequest && bad2.error?.path == "$.answers[0].requirement", "\(bad2)")
            #expect(try await client.post("/api/v1/checklists/score", Bodies.checklist, as: .internalControl).status == .forbidden)
        }
    }

    @Test func servicesListsTheCatalog() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let r = try await client.get("/api/v1/services", as: .executor)
            #expect(r.status == .ok)
            let services = try #require(r.object["services"] as? [[String: Any]])
            #expect(Set(services.compactMap { $0["id"] as? String }) == Set(APIFixtures.catalog.map(\.id)))
            for s in services {
                for key in ["id", "name", "term", "requiredDocuments", "schedule"] { #expect(s[key] != nil, "\(s["id"] ?? "?") lacks \(key)") }
            }
        }
    }
}

/// Browser sessions: cookie, CSRF, rate-limited logins, logout.
@Suite struct APISessionTests {
    static func login(_ client: APIClient, _ username: String, _ password: String = APIFixtures.password) async throws -> APIReply {
        try await client.post("/login", "{\"username\": \"\(username)\", \"password\": \"\(password)\"}")
    }

    /// The session cookie's value from a Set-Cookie header.
    static func sessionCookie(_ reply: APIReply) -> (value: String, attributes: [String])? {
        for header in reply.headers[values: .setCookie] {
            let parts = header.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            if let first = parts.first, first.hasPrefix("rasim_session=") {
                return (String(first.dropFirst("rasim_session=".count)), Array(parts.dropFirst()))
            }
        }
        return nil
    }

    @Test func loginSetsAStrictHttpOnlyCookieAndTheSessionWorks() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let r = try await APISessionTests.login(client, "registrar")
            #expect(r.status == .ok, "\(r)")
            let cookie = try #require(APISessionTests.sessionCookie(r), "no rasim_session cookie: \(r.headers)")
            #expect(!cookie.value.isEmpty)
            let attrs = cookie.attributes.map { $0.lowercased() }
            #expect(attrs.contains("httponly"), "\(cookie.attributes)")
            #expect(attrs.contains("samesite=strict"), "\(cookie.attributes)")
            #expect(attrs.contains("path=/"), "\(cookie.attributes)")
            let csrf = try #require(r.object["csrf"] as? String)
            #expect(csrf.count >= 32)
            #expect(r.object["role"] as? String == "registrar")
            // The raw session id is never stored, only its hash.
            #expect(try await h.audit().allSatisfy { !$0.payload.contains(cookie.value) })

            let session: HTTPFields = [.cookie: "rasim_session=\(cookie.value)"]
            let me = try await client.get("/api/v1/me", headers: session)
            #expect(me.status == .ok, "\(me)")
            #expect(me.object["username"] as? String == "registrar")
            #expect(me.object["csrf"] as? String == csrf)

            // A write with the cookie but without the CSRF token is refused, and nothing is stored.
            let body = Bodies.application(id: "CS-1", events: Bodies.opened("2025-03-03"))
            let noToken = try await client.post("/api/v1/applications", body, headers: session)
            #expect(noToken.status == .forbidden, "\(noToken)")
            #expect(noToken.error?.code == "forbidden")
            // One character changed (never to itself: a token starting with "0" made this the right token once).
            var wrong = session; wrong[.csrfToken] = (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst()
            #expect(try await client.post("/api/v1/applications", body, headers: wrong).status == .forbidden)
            #expect(try await h.eventCount("CS-1") == nil)
            var withToken = session; withToken[.csrfToken] = csrf
            let ok = try await client.post("/api/v1/applications", body, headers: withToken)
            #expect(ok.status == .created, "\(ok)")
            // The session's role still applies.
            let risk = try await client.post("/api/v1/risk", Bodies.riskExample, headers: withToken)
            #expect(risk.status == .forbidden && risk.error?.code == "forbidden", "\(risk)")
        }
    }

    @Test func formLoginWorksToo() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let r = try await client.call(.post, "/login", json: "username=inspector&password=rasim-demo",
                                          headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(r.status == .ok, "\(r)")
            #expect(APISessionTests.sessionCookie(r) != nil)
            let bad = try await client.call(.post, "/login", json: "username=inspector&password=wrong",
                                            headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(bad.status == .unauthorized, "\(bad)")
        }
    }

    /// Issue 11 §4 (left by the sign-in work): another site's form could post to /login and sign the visitor in
    /// as someone else (login CSRF). A form whose Origin is another site is refused before anything is checked.
    @Test func aFormSignInFromAnotherSiteIsRefused() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("Origin")!: "https://evil.example"]
            let r = try await client.call(.post, "/login", json: "username=inspector&password=rasim-demo", headers: form)
            #expect(r.status == .forbidden && APISessionTests.sessionCookie(r) == nil, "\(r)")
            // JSON from anywhere still needs the browser's permission first (CORS), so it stays accepted.
            let json = try await client.call(.post, "/login", json: #"{"username": "inspector", "password": "rasim-demo"}"#,
                                             headers: [HTTPField.Name("Origin")!: "https://evil.example"])
            #expect(json.status == .ok, "\(json)")
        }
    }

    @Test func wrongPasswordOrUnknownUserIs401AndRecorded() async throws {
        try await withAPI(demoApplications: 1) { h, client in
            let wrong = try await APISessionTests.login(client, "registrar", "not-the-password")
            #expect(wrong.status == .unauthorized, "\(wrong)")
            #expect(wrong.error?.code == "unauthorized")
            #expect(APISessionTests.sessionCookie(wrong) == nil)
            let unknown = try await APISessionTests.login(client, "nobody")
            #expect(unknown.status == .unauthorized, "\(unknown)")
            // Same answer for both: the message does not tell which part was wrong.
            #expect(wrong.error?.message == unknown.error?.message)
            #expect(try await h.audit(action: "refused.login").count == 2)
            let missing = try await client.post("/login", #"{"username": "registrar"}"#)
            #expect(missing.status == .badRequest && missing.error?.path == "$.password", "\(missing)")
        }
    }

    @Test func loginsAreRateLimited() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for i in 1...5 {
                let r = try await APISessionTests.login(client, "executor", "wrong-\(i)")
                #expect(r.status == .unauthorized, "attempt \(i): \(r)")
            }
            let sixth = try await APISessionTests.login(client, "executor")
            #expect(sixth.status == .tooManyRequests, "\(sixth)")
            #expect(sixth.error?.code == "rate_limited")
            #expect(APISessionTests.sessionCookie(sixth) == nil)
            // Another user is not locked out.
            let other = try await APISessionTests.login(client, "inspector")
            #expect(other.status == .ok, "\(other)")
        }
    }

    @Test func fewerThanFiveFailuresThenSuccessResetsTheCount() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            for round in 1...2 {
                for _ in 1...4 {
                    let r = try await APISessionTests.login(client, "signer", "wrong")
                    #expect(r.status == .unauthorized, "round \(round): \(r)")
                }
                let ok = try await APISessionTests.login(client, "signer")
                #expect(ok.status == .ok, "round \(round): \(ok)")
            }
        }
    }

    @Test func logoutNeedsCSRFAndEndsTheSession() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let r = try await APISessionTests.login(client, "admin")
            let cookie = try #require(APISessionTests.sessionCookie(r)).value
            let csrf = try #require(r.object["csrf"] as? String)
            let session: HTTPFields = [.cookie: "rasim_session=\(cookie)"]
            let without = try await client.call(.post, "/logout", headers: session)
            #expect(without.status == .forbidden, "\(without)")
            #expect(try await client.get("/api/v1/me", headers: session).status == .ok)
            var with = session; with[.csrfToken] = csrf
            let out = try await client.call(.post, "/logout", headers: with)
            #expect(out.status == .ok, "\(out)")
            let cleared = APISessionTests.sessionCookie(out)
            #expect(cleared?.value == "", "the cookie is not cleared: \(out.headers)")
            let after = try await client.get("/api/v1/me", headers: session)
            #expect(after.status == .unauthorized, "\(after)")
            // Logging out without a session at all.
            #expect(try await client.call(.post, "/logout").status == .unauthorized)
        }
    }

    @Test func logoutWithTheFormField() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let r = try await APISessionTests.login(client, "control")
            let cookie = try #require(APISessionTests.sessionCookie(r)).value
            let csrf = try #require(r.object["csrf"] as? String)
            let headers: HTTPFields = [.cookie: "rasim_session=\(cookie)", .contentType: "application/x-www-form-urlencoded"]
            let wrong = try await client.call(.post, "/logout", json: "csrf=nope", headers: headers)
            #expect(wrong.status == .forbidden, "\(wrong)")
            let out = try await client.call(.post, "/logout", json: "csrf=\(csrf)", headers: headers)
            #expect(out.status == .ok, "\(out)")
            #expect(try await client.get("/api/v1/me", headers: [.cookie: "rasim_session=\(cookie)"]).status == .unauthorized)
        }
    }

    @Test func aForgedCookieIsNoSession() async throws {
        try await withAPI(demoApplications: 1) { _, client in
            let r = try await client.get("/api/v1/me", headers: [.cookie: "rasim_session=" + String(repeating: "a", count: 64)])
            #expect(r.status == .unauthorized, "\(r)")
        }
    }
}
