import Foundation
import HTTPTypes
import LegalCore
import Storage
import Testing
import WebKit
import WebServer

/// Issue 11 §2: what got through — control characters in ids, duplicate JSON keys, fields that do not belong to
/// an event, and back-dated second events that erased findings. Each request below was accepted before.
@Suite("Data integrity: ids, keys, fields and events that happen once")
struct IntegrityTests {
    @Test("a control character in an id, a name or the path is refused with its path, never stored or matched")
    func controlCharacters() async throws {
        try await withAPI(demoApplications: 5) { h, c in
            let nul = Bodies.application(id: "A-2025-0003\\u0000spoof", events: Bodies.opened("2025-03-03"))
            let r = try await c.post("/api/v1/applications", nul, as: .registrar)
            #expect(r.status == .badRequest && r.error?.path == "$.id", "\(r)")
            #expect(r.error?.message.contains("U+0000") == true, "\(r)")
            let stored = try await h.eventCount("A-2025-0003\u{0}spoof"), cut = try await h.eventCount("A-2025-0003spoof")
            #expect(stored == nil && cut == nil)

            let applicant = #"{"service": "outdoor-advertising", "provider": "akimat-abai", "channel": "paper", "applicant": "Ә\u0007лия", "events": [{"type": "submitted", "at": "2025-03-03T10:00:00+05:00"}]}"#
            let a = try await c.post("/api/v1/applications", applicant, as: .registrar)
            #expect(a.status == .badRequest && a.error?.path == "$.applicant", "\(a)")

            let doc = Bodies.application(id: "DOC-1", events: [Bodies.event("submitted", "2025-03-03T10:00:00+05:00", #""documents": ["app\u0000lication"]"#)])
            let d = try await c.post("/api/v1/applications", doc, as: .registrar)
            #expect(d.status == .badRequest && d.error?.path == "$.events[0].documents[0]", "\(d)")

            // The path: a NUL-cut id must not reach another organization's application.
            for uri in ["/api/v1/applications/A-2025-0001%00spoof", "/api/v1/applications/A%0A1"] {
                let g = try await c.get(uri, as: .admin)
                #expect(g.status == .badRequest && g.error?.path == "id", "\(uri): \(g)")
            }
            // Ordinary ids of every accepted form still work.
            for id in ["Ө-2025/1", "A 1", "№ 15(2)"] {
                #expect(try await c.post("/api/v1/applications", Bodies.application(id: id, events: Bodies.opened("2025-03-03")), as: .registrar).status == .created, "\(id)")
            }
        }
    }

    @Test("a field given twice is refused, whichever JSON reader would win")
    func duplicateKeys() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            _ = try await c.post("/api/v1/applications", Bodies.application(id: "D-1", events: Bodies.opened("2025-03-03")), as: .registrar)
            let body = #"{"type": "documents_added", "at": "2025-03-04T10:00:00+05:00", "documents": ["x"], "type": "refused"}"#
            let r = try await c.post("/api/v1/applications/D-1/events", body, as: .registrar)
            #expect(r.status == .badRequest && r.error?.path == "$.type", "\(r)")
            #expect(r.error?.message.contains("twice") == true)
        }
    }

    @Test("a field that does not belong to the event's kind is refused; what is stored is the normalised event")
    func foreignFieldsAndNormalisedBodies() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            _ = try await c.post("/api/v1/applications", Bodies.application(id: "F-1", events: Bodies.opened("2025-03-03")), as: .registrar)
            let hidden = #"{"type": "documents_added", "at": "2025-03-04T10:00:00+05:00", "documents": ["x"], "signedBy": "akim-abai"}"#
            let r = try await c.post("/api/v1/applications/F-1/events", hidden, as: .registrar)
            #expect(r.status == .badRequest && r.error?.path == "$.signedBy", "\(r)")
            // Keys in another order, white space: stored as type, at, then the kind's fields.
            let messy = #"{ "documents" : ["x"],   "at": "2025-03-04T10:00:00+05:00", "type": "documents_added" }"#
            #expect(try await c.post("/api/v1/applications/F-1/events", messy, as: .registrar).status == .created)
            let stored = try #require(try await h.store.application("F-1")).1.last
            #expect(stored?.body == #"{"type":"documents_added","at":"2025-03-04T10:00:00+05:00","documents":["x"]}"#, "\(String(describing: stored?.body))")
        }
    }

    @Test("a second event of a kind that happens once is a 409; a back-dated one cannot erase a finding")
    func eventsThatHappenOnce() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            // Registered two working days late: late_registration.
            let late = Bodies.application(id: "L-1", events: [Bodies.event("submitted", "2025-03-03T10:00:00+05:00", #""documents": ["application"]"#),
                                                               Bodies.event("registered", "2025-03-05T11:00:00+05:00")])
            #expect(try await c.post("/api/v1/applications", late, as: .registrar).status == .created)
            func codes() async throws -> [String] {
                let g = try await c.get("/api/v1/applications/L-1", as: .registrar)
                return ((g.object["findings"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
            }
            #expect(try await codes().contains("late_registration"))
            let backdated = try await c.post("/api/v1/applications/L-1/events", Bodies.event("registered", "2025-03-03T10:30:00+05:00"), as: .registrar)
            #expect(backdated.status == .conflict && backdated.error?.code == "event_exists" && backdated.error?.path == "$.type", "\(backdated)")
            #expect(try await codes().contains("late_registration"), "the finding stands")
            // A second submission, and a second decision after a result (signed by the demo signer).
            let sub = try await c.post("/api/v1/applications/L-1/events", Bodies.event("submitted", "2025-03-03T09:00:00+05:00"), as: .registrar)
            #expect(sub.status == .conflict, "\(sub)")
            let result = Bodies.event("result_issued", "2025-03-06T12:00:00+05:00")
            #expect(try await c.post("/api/v1/applications/L-1/events", result, as: .signer).status == .created)
            let again = try await c.post("/api/v1/applications/L-1/events", Bodies.event("result_issued", "2025-03-05T12:00:00+05:00"), as: .signer)
            #expect(again.status == .conflict && again.error?.code == "event_exists", "\(again)")
            let refusal = Bodies.event("refused", "2025-03-07T12:00:00+05:00", #""ground": "merits", "reasons": ["r"]"#)
            #expect(try await c.post("/api/v1/applications/L-1/events", refusal, as: .signer).status == .conflict)
            // Two registrations in one request are refused too.
            let twice = Bodies.application(id: "L-2", events: Bodies.opened("2025-03-03") + [Bodies.event("registered", "2025-03-03T12:00:00+05:00")])
            #expect(try await c.post("/api/v1/applications", twice, as: .registrar).status == .conflict)
        }
    }

    @Test("a queue is a provider's own: another organization's waiting applicant neither judges nor shows in a finding")
    func queuePerProvider() async throws {
        try await withAPI(demoApplications: 5) { _, c in
            func app(_ id: String, _ provider: String, _ position: Int) -> String {
                #"{"id": "\#(id)", "service": "state-housing-fund", "provider": "\#(provider)", "channel": "paper", "queuePosition": \#(position), "events": [\#(Bodies.opened("2025-03-03").joined(separator: ", "))]}"#
            }
            #expect(try await c.post("/api/v1/applications", app("Q-A", "uap-astana", 1), as: .admin).status == .created)
            #expect(try await c.post("/api/v1/applications", app("Q-B", "akimat-abai", 5), as: .admin).status == .created)
            let result = Bodies.event("result_issued", "2025-03-10T12:00:00+05:00")
            #expect(try await c.post("/api/v1/applications/Q-B/events", result, as: .signer).status == .created)
            func outOfQueue() async throws -> [String] {
                let g = try await c.get("/api/v1/applications/Q-B", as: .registrar)
                return ((g.object["findings"] as? [[String: Any]]) ?? []).filter { $0["code"] as? String == "out_of_queue" }
                    .compactMap { (($0["message"] as? [String: Any])?["en"] as? String) }
            }
            #expect(try await outOfQueue().isEmpty, "uap-astana's applicant is not in akimat-abai's queue")
            // The same provider's applicant ahead, still waiting: a finding naming it, and only it.
            #expect(try await c.post("/api/v1/applications", app("Q-C", "akimat-abai", 2), as: .admin).status == .created)
            let found = try await outOfQueue()
            #expect(found.count == 1 && found[0].contains("Q-C") && !found[0].contains("Q-A"), "\(found)")
        }
    }

    @Test("ids are unique per provider: another organization's id is neither disclosed nor squatted, and each sees its own")
    func idsPerProvider() async throws {
        try await withAPI(demoApplications: 1) { h, c in
            func app(_ provider: String, _ day: String) -> String { Bodies.application(id: "SAME-1", provider: provider, events: Bodies.opened(day)) }
            // uap-astana (the admin creates it) and akimat-abai (the registrar, who does not see uap-astana) both hold SAME-1.
            #expect(try await c.post("/api/v1/applications", app("uap-astana", "2025-03-03"), as: .admin).status == .created)
            let mine = try await c.post("/api/v1/applications", app("akimat-abai", "2025-03-04"), as: .registrar)
            #expect(mine.status == .created, "another organization's id does not block this one: \(mine)")
            let twice = try await c.post("/api/v1/applications", app("akimat-abai", "2025-03-05"), as: .registrar)
            #expect(twice.status == .conflict && twice.error?.path == "$.id", "\(twice)")
            #expect(twice.error?.message.contains("uap-astana") == false, "the 409 names only the caller's organization")
            // The registrar (akimat-abai and akimat-zhetisu) sees only its own SAME-1; its events go there.
            let g = try await c.get("/api/v1/applications/SAME-1", as: .registrar)
            #expect(g.status == .ok && (g.object["application"] as? [String: Any])?["provider"] as? String == "akimat-abai", "\(g)")
            #expect(try await c.post("/api/v1/applications/SAME-1/events", Bodies.event("documents_added", "2025-03-05T10:00:00+05:00", #""documents": ["x"]"#),
                                     as: .registrar).status == .created)
            let abai = try await h.store.findApplications(id: "SAME-1", providers: ["akimat-abai"])
            let astana = try await h.store.findApplications(id: "SAME-1", providers: ["uap-astana"])
            #expect(try await h.store.application(key: try #require(abai.first).key)?.1.count == 3)
            #expect(try await h.store.application(key: try #require(astana.first).key)?.1.count == 2, "uap-astana's SAME-1 is untouched")
            // The registrar cannot reach uap-astana's by naming it: unknown, as any id it cannot see.
            #expect(try await c.get("/api/v1/applications/SAME-1?provider=uap-astana", as: .registrar).status == .notFound)
            // The inspector sees both: without a provider the id is ambiguous (409, the organizations named), with one it is not.
            let both = try await c.get("/api/v1/applications/SAME-1", as: .inspector)
            #expect(both.status == .conflict && both.error?.code == "ambiguous_application" && both.error?.path == "provider", "\(both)")
            let one = try await c.get("/api/v1/applications/SAME-1?provider=uap-astana", as: .inspector)
            #expect((one.object["application"] as? [String: Any])?["provider"] as? String == "uap-astana", "\(one)")
            // The bulk route takes the provider per item too.
            let bulk = #"{"events": [{"application": "SAME-1", "provider": "uap-astana", "event": \#(Bodies.event("documents_added", "2025-03-05T11:00:00+05:00", #""documents": ["y"]"#))}]}"#
            #expect(try await c.post("/api/v1/events", bulk, as: .admin).status == .created)
            let ambiguous = #"{"events": [{"application": "SAME-1", "event": \#(Bodies.event("documents_added", "2025-03-05T12:00:00+05:00", #""documents": ["z"]"#))}]}"#
            let a = try await c.post("/api/v1/events", ambiguous, as: .admin)
            #expect(a.status == .conflict && a.error?.path == "$.events[0].provider", "\(a)")
            #expect(try await h.store.application(key: try #require(astana.first).key)?.1.count == 3)
            // Named once with its provider and once without, an application is still one timeline to the order
            // rules: two registrations in one request are refused, though either alone would be recorded.
            let submittedOnly = Bodies.application(id: "TWICE-1", provider: "akimat-abai", events: [Bodies.event("submitted", "2025-03-04T10:00:00+05:00")])
            #expect(try await c.post("/api/v1/applications", submittedOnly, as: .registrar).status == .created)
            let reg1 = Bodies.event("registered", "2025-03-04T12:00:00+05:00"), reg2 = Bodies.event("registered", "2025-03-04T12:30:00+05:00")
            let twiceNamed = #"{"events": [{"application": "TWICE-1", "provider": "akimat-abai", "event": \#(reg1)}, {"application": "TWICE-1", "event": \#(reg2)}]}"#
            let refused = try await c.post("/api/v1/events", twiceNamed, as: .registrar)
            #expect(refused.status == .conflict && refused.error?.code == "event_exists", "\(refused)")
            #expect(try await h.eventCount("TWICE-1") == 1)
            #expect(try await c.post("/api/v1/events", #"{"events": [{"application": "TWICE-1", "event": \#(reg2)}]}"#, as: .registrar).status == .created)
            // Findings say whose application each is.
            let f = try await c.get("/api/v1/findings", as: .inspector)
            let providers = Set(((f.object["findings"] as? [[String: Any]]) ?? []).filter { $0["application"] as? String == "SAME-1" }
                .compactMap { $0["provider"] as? String })
            #expect(providers == ["akimat-abai", "uap-astana"], "\(providers)")
            // Pages link to each with its provider; the page of each shows its own.
            let (cookie, _) = try await PagesTests.signIn(c, "inspector")
            let register = try await c.call(.get, "/applications", headers: cookie)
            #expect(register.text.contains("/applications/SAME-1?provider=uap-astana") && register.text.contains("/applications/SAME-1?provider=akimat-abai"))
            #expect(try await c.call(.get, "/applications/SAME-1", headers: cookie).status == .conflict)
            #expect(try await c.call(.get, "/applications/SAME-1?provider=akimat-abai", headers: cookie).status == .ok)
        }
    }

    @Test("an event entered in the system more than a working day after it happened is shown as entered late")
    func eventsEnteredLate() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            // Entered the same day it happened: nothing to show.
            let onTimeStatus = try await Clock.$fixed.withValue(Instant(iso: "2025-03-03T12:00:00+05:00")!.secondsSinceEpoch) {
                try await c.post("/api/v1/applications", Bodies.application(id: "T-ON", events: Bodies.opened("2025-03-03")), as: .registrar).status
            }
            #expect(onTimeStatus == .created)
            // Entered on 20 March, for events of 3 March: back-dated.
            let lateStatus = try await Clock.$fixed.withValue(Instant(iso: "2025-03-20T12:00:00+05:00")!.secondsSinceEpoch) {
                try await c.post("/api/v1/applications", Bodies.application(id: "T-LATE", events: Bodies.opened("2025-03-03")), as: .registrar).status
            }
            #expect(lateStatus == .created)
            let (cookie, _) = try await PagesTests.signIn(c, "control")
            let onTime = try await c.call(.get, "/applications/T-ON", headers: cookie)
            #expect(onTime.status == .ok && !onTime.text.contains("entered-late"))
            let late = try await c.call(.get, "/applications/T-LATE", headers: cookie)
            #expect(late.status == .ok && late.text.contains("entered-late") && late.text.contains("Жүйеге кешіктіріп енгізілген"), "\(late.text.prefix(300))")
        }
    }

    @Test("a mistaken event is corrected by a correction event that names it and says why; the finding it made is kept, marked corrected")
    func corrections() async throws {
        try await withAPI(demoApplications: 1) { _, c in
            let late = Bodies.application(id: "C-1", events: [Bodies.event("submitted", "2025-03-03T10:00:00+05:00", #""documents": ["application"]"#),
                                                               Bodies.event("registered", "2025-03-05T11:00:00+05:00")])
            #expect(try await c.post("/api/v1/applications", late, as: .registrar).status == .created)
            func findings() async throws -> [[String: Any]] {
                ((try await c.get("/api/v1/applications/C-1", as: .registrar)).object["findings"] as? [[String: Any]]) ?? []
            }
            #expect(try await findings().contains { $0["code"] as? String == "late_registration" && $0["corrected"] == nil })
            // Registration entered with the wrong date: event 2 really happened on 3 March at 11:00.
            let fix = #"{"type": "correction", "at": "2025-03-06T09:00:00+05:00", "corrects": 2, "reason": "дата тіркеу журналынан қате көшірілген", "replacementAt": "2025-03-03T11:00:00+05:00"}"#
            let r = try await c.post("/api/v1/applications/C-1/events", fix, as: .registrar)
            #expect(r.status == .created, "\(r)")
            let after = try await findings().filter { $0["code"] as? String == "late_registration" }
            #expect(after.count == 1, "\(after)")
            let corrected = try #require(after.first?["corrected"] as? [String: Any], "the original finding is kept, marked: \(after)")
            #expect(int(corrected["event"]) == 3 && (corrected["reason"] as? String)?.hasPrefix("дата") == true)
            // The history keeps both the mistaken event and its correction; the page shows the finding as corrected.
            let events = ((try await c.get("/api/v1/applications/C-1", as: .registrar)).object["events"] as? [[String: Any]]) ?? []
            #expect(events.map { $0["type"] as? String ?? "" } == ["submitted", "registered", "correction"])
            let (cookie, _) = try await PagesTests.signIn(c, "control")
            let page = try await c.call(.get, "/applications/C-1", headers: cookie)
            #expect(page.text.contains("class=\"notice info corrected\""), "\(page.text.prefix(200))")
            // A correction names a recorded event: not a missing one, not a correction.
            for n in [99, 3] {
                let bad = #"{"type": "correction", "at": "2025-03-06T10:00:00+05:00", "corrects": \#(n), "reason": "x"}"#
                let b = try await c.post("/api/v1/applications/C-1/events", bad, as: .registrar)
                #expect(b.status == .unprocessableContent && b.error?.path == "$.corrects", "\(n): \(b)")
            }
            // Withdrawn (no replacementAt), the registration can be recorded again; otherwise it stays once.
            #expect(try await c.post("/api/v1/applications/C-1/events", Bodies.event("registered", "2025-03-03T12:00:00+05:00"), as: .registrar).status == .conflict)
            let withdraw = #"{"type": "correction", "at": "2025-03-06T11:00:00+05:00", "corrects": 2, "reason": "тіркеу басқа өтінішке жазылған"}"#
            #expect(try await c.post("/api/v1/applications/C-1/events", withdraw, as: .registrar).status == .created)
            #expect(try await c.post("/api/v1/applications/C-1/events", Bodies.event("registered", "2025-03-03T12:00:00+05:00"), as: .registrar).status == .created)
        }
    }
}
