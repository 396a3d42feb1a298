import Foundation
import HTTPTypes
import LegalCore
import SQLKit
import Storage
import Testing
import WebKit

/// Issue 12: the lists read kept judgements (Storage/Judgements.swift), judging again only what no longer holds.
/// Each test compares what the server answers from kept judgements with what it answers once they are forgotten
/// (every judgement made afresh at the same instant): they must be the same, byte for byte.
@Suite("Kept judgements: the lists answer as if every application were judged afresh")
struct StoredJudgementsTests {
    /// When each application's kept judgement was made (key → judged_at).
    static func judgedAt(_ h: APIHarness) async throws -> [String: String] {
        try await h.db.read { db in
            try await db.select().columns("subject", "judged_at").from("judgements").all().reduce(into: [String: String]()) {
                $0[try $1.decode(column: "subject", as: String.self)] = try $1.decode(column: "judged_at", as: String.self)
            }
        }
    }

    /// The findings API and the pages that list applications, as the inspector (who sees every organization) gets them.
    static func lists(_ c: APIClient) async throws -> [String] {
        let findings = try await c.get("/api/v1/findings", as: .inspector)
        #expect(findings.status == .ok, "\(findings)")
        let (cookie, _) = try await PagesTests.signIn(c, "inspector")
        var out = [findings.text]
        for page in ["/dashboard", "/applications", "/applications?status=overdue", "/applications?page=2", "/reports",
                     "/reports?finding=term_breach", "/reports/findings.csv"] {
            let r = try await c.call(.get, page, headers: cookie)
            #expect(r.status == .ok, "\(page): \(r.status)")
            out.append(r.text.replacing(/name="csrf" value="[0-9a-f]+"/, with: ""))
        }
        return out
    }

    @Test("kept and refreshed over days, the findings, the dashboard, the register and the report are what a fresh judgement gives")
    func keptEqualsFresh() async throws {
        try await withAPI(demoApplications: 120) { h, c in
            let start = Clock.nowEpoch()
            var compared = 0
            // The same instant, later that day, the next days, weeks later: judgements kept at one step are
            // read at the next — those that still hold from storage, the others judged again.
            for offset: Int64 in [0, 1, 5 * 3_600, 86_400, 3 * 86_400 + 7_200, 40 * 86_400] {
                try await Clock.$fixed.withValue(start + offset) {
                    let kept = try await Self.lists(c)
                    try await h.store.forgetJudgements(module: nil)
                    let fresh = try await Self.lists(c)
                    for (k, f) in zip(kept, fresh) {
                        #expect(k == f, "at +\(offset) s: kept and fresh differ")
                        compared += 1
                    }
                }
            }
            #expect(compared == 6 * 8)
            #expect(try await Self.judgedAt(h).count == 120 + 0, "every application has its judgement kept")
        }
    }

    @Test("a second read judges nothing again; a new event, written through the API or straight into the database, judges its application again — and a queue's, its whole queue")
    func onlyWhatChanged() async throws {
        try await withAPI(demoApplications: 120) { h, c in
            let t0 = Clock.nowEpoch()
            let queueServices = try await h.store.services().filter { $0.1.contains(/"queue"\s*:\s*true/) }.map(\.0)
            let all = try await h.store.applications(providers: nil)
            let queued = all.filter { queueServices.contains($0.0.service) }
            #expect(!queued.isEmpty, "the demo has applications of a queue service")
            try await Clock.$fixed.withValue(t0) { _ = try await c.get("/api/v1/findings", as: .inspector) }
            let first = try await Self.judgedAt(h)
            #expect(first.count == 120)
            func changed(_ a: [String: String], _ b: [String: String]) -> Set<String> { Set(b.filter { a[$0.key] != $0.value }.map(\.key)) }

            // One second later nothing changed: nothing is judged again.
            try await Clock.$fixed.withValue(t0 + 1) { _ = try await c.get("/api/v1/findings", as: .inspector) }
            let second = try await Self.judgedAt(h)
            #expect(changed(first, second).isEmpty, "judged again: \(changed(first, second).sorted())")

            // A new application and an event through the API.
            try await Clock.$fixed.withValue(t0 + 2) {
                #expect(try await c.post("/api/v1/applications", Bodies.application(id: "KEPT-1", events: Bodies.opened("2025-03-03")), as: .registrar).status == .created)
                _ = try await c.get("/api/v1/findings", as: .inspector)
            }
            let third = try await Self.judgedAt(h)
            #expect(changed(second, third) == ["akimat-abai|KEPT-1"])

            // An event written by another process (straight into the database, through Storage: the audit log the
            // lists follow has it): the read judges its application again.
            func insert(_ target: (Store.ApplicationRow, [Store.EventRow])) async throws {
                let last = try #require(target.1.last)
                let event = #"{"type": "documents_added", "at": "\#(Instant(secondsSinceEpoch: last.atEpoch + 60).iso(offsetSeconds: 18_000))", "documents": ["x"]}"#
                try await h.db.write { db in
                    try await Store.insertEvents(db, application: target.0.key, after: last.seq,
                                                 [Store.NewEvent(type: "documents_added", atEpoch: last.atEpoch + 60, body: event)], actor: "other-process")
                }
            }
            let target = try #require(all.first { !queueServices.contains($0.0.service) && !$0.1.isEmpty })
            try await insert(target)
            try await Clock.$fixed.withValue(t0 + 3) { _ = try await c.get("/api/v1/findings", as: .inspector) }
            let fourth = try await Self.judgedAt(h)
            #expect(changed(third, fourth) == [target.0.key])

            // An event of a queue's application: the whole queue (its provider's, that service's) is judged again.
            let inQueue = try #require(queued.first { !$0.1.isEmpty })
            try await insert(inQueue)
            try await Clock.$fixed.withValue(t0 + 4) { _ = try await c.get("/api/v1/findings", as: .inspector) }
            let fifth = try await Self.judgedAt(h)
            let queue = Set(queued.filter { $0.0.provider == inQueue.0.provider && $0.0.service == inQueue.0.service }.map(\.0.key))
            #expect(changed(fourth, fifth) == queue)

            // An event put in behind Rasim's back (plain SQL, no audit entry): the lists' feed does not see it, but
            // the application's page checks its row against its timeline, and `rasim findings rebuild` reads every row.
            let hidden = try #require(all.first { !queueServices.contains($0.0.service) && $0.0.key != target.0.key && !$0.1.isEmpty })
            let last = try #require(hidden.1.last)
            try await h.db.write { db in
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind(hidden.0.key), SQLBind(last.seq + 1), SQLBind("documents_added"), SQLBind(last.atEpoch + 60),
                            SQLBind(#"{"type": "documents_added", "at": "\#(Instant(secondsSinceEpoch: last.atEpoch + 60).iso(offsetSeconds: 18_000))", "documents": ["x"]}"#),
                            SQLBind("2026-01-01T00:00:00Z"), SQLBind("behind-the-back")).run()
            }
            let sixth = try await Self.judgedAt(h)
            let rebuilt = try await Clock.$fixed.withValue(t0 + 4) { try await h.server.rebuildJudgements(batch: 50) { _, _, _ in } }
            let seventh = try await Self.judgedAt(h)
            #expect(rebuilt.first?.judgedAgain == 1 && changed(sixth, seventh) == [hidden.0.key], "\(String(describing: rebuilt))")

            // What was kept is what a fresh judgement gives.
            try await Clock.$fixed.withValue(t0 + 4) {
                let kept = try await c.get("/api/v1/findings", as: .inspector).text
                try await h.store.forgetJudgements(module: nil)
                #expect(try await c.get("/api/v1/findings", as: .inspector).text == kept)
            }
        }
    }

    @Test("a change of the catalog judges every application again; a kept row this version cannot read (an unknown state, a day out of range) is judged again by the rebuild, never served")
    func catalogAndUnreadableRows() async throws {
        try await withAPI(demoApplications: 60) { h, c in
            let t0 = Clock.nowEpoch()
            try await Clock.$fixed.withValue(t0) { _ = try await c.get("/api/v1/findings", as: .inspector) }
            let before = try await Self.judgedAt(h)

            // The signer is away on leave: the catalog's digest changes, so does every judgement's basis.
            let put = try await c.post("/api/v1/officials/akim-abai/absences", #"{"from": "2025-01-01", "to": "2025-12-31", "kind": "leave"}"#, as: .admin)
            #expect(put.status == .created, "\(put)")
            try await Clock.$fixed.withValue(t0 + 1) { _ = try await c.get("/api/v1/findings", as: .inspector) }
            let after = try await Self.judgedAt(h)
            #expect(after.allSatisfy { before[$0.key] != $0.value }, "every application judged again with the new catalog")

            // A kept row in a state this version does not know, and one whose findings were deleted behind its back
            // (its codes still listed): neither is served.
            let keys = Array(after.keys.sorted().prefix(2))
            try await h.db.write { db in
                try await db.update("judgements").set("state", to: SQLBind("bogus")).where("subject", .equal, SQLBind(keys[0])).run()
                try await db.update("judgements").set("due_day", to: SQLBind(Int64(1) << 40)).where("subject", .equal, SQLBind(keys[1])).run()
            }
            try await Clock.$fixed.withValue(t0 + 2) {
                _ = try await h.server.rebuildJudgements(batch: 50) { _, _, _ in }
                let kept = try await c.get("/api/v1/findings", as: .inspector)
                #expect(kept.status == .ok)
                try await h.store.forgetJudgements(module: nil)
                #expect(try await c.get("/api/v1/findings", as: .inspector).text == kept.text)
            }
            let states = try await h.db.read { db in
                try await db.select().column("state").from("judgements").where("subject", .equal, SQLBind(keys[0])).all()
                    .map { try $0.decode(column: "state", as: String.self) }
            }
            #expect(states.count == 1 && states[0] != "bogus")
            let due = try await h.db.read { db in
                try await db.select().column("due_day").from("judgements").where("subject", .equal, SQLBind(keys[1])).all()
                    .map { try $0.decode(column: "due_day", as: Int64?.self) }
            }
            #expect(due.count == 1 && due[0] != Int64(1) << 40, "a day no calendar has is judged again")
        }
    }

    @Test("rasim findings rebuild: a page at a time, resumable after an interruption, counting what a rule change changed; each judgement names its rules")
    func rebuildIsResumableAndCounts() async throws {
        try await withAPI(demoApplications: 60) { h, _ in
            let total = try await h.store.countApplications()
            try await h.store.forgetJudgements(module: nil)
            // Interrupted after its first page (as a cancelled run is): that page is kept, nothing after it.
            let first = Task {
                try await h.server.rebuildJudgements(batch: 10) { _, done, _ in
                    if done >= 10 { withUnsafeCurrentTask { $0?.cancel() } }
                }
            }
            await #expect(throws: CancellationError.self) { _ = try await first.value }
            #expect(try await Self.judgedAt(h).count == 10)
            // Run again: it goes on where it stopped.
            let resumed = try #require(try await h.server.rebuildJudgements(batch: 10) { _, _, _ in }.first)
            #expect(resumed.subjects == total && resumed.firstJudged == total - 10 && resumed.judgedAgain == 0, "\(resumed)")
            // Nothing changed since: nothing to do.
            let idle = try #require(try await h.server.rebuildJudgements(batch: 25) { _, _, _ in }.first)
            #expect(idle.firstJudged == 0 && idle.judgedAgain == 0 && idle.changed == 0, "\(idle)")
            // What an older rule set left: another basis, and one finding's words otherwise on three subjects.
            let withFindings = try await h.db.read { db in
                try await db.select().distinct().column("subject").from("judgement_findings").orderBy("subject").limit(3).all()
                    .map { try $0.decode(column: "subject", as: String.self) }
            }
            try #require(withFindings.count == 3)
            try await h.db.write { db in
                try await db.update("judgements").set("basis", to: SQLBind("an older rule set")).set("rules", to: SQLBind("PS-VIOLATIONS-2025 rules old")).run()
                try await db.update("judgement_findings").set("body", to: SQLBind("{}")).where("subject", .in, SQLBind.group(withFindings)).run()
            }
            let rebuilt = try #require(try await h.server.rebuildJudgements(batch: 7) { _, _, _ in }.first)
            #expect(rebuilt.judgedAgain == total && rebuilt.changed == 3 && rebuilt.findingsBefore == rebuilt.findingsAfter, "\(rebuilt)")
            let rules = try await h.db.read { db in
                try await db.select().distinct().column("rules").from("judgements").all().map { try $0.decode(column: "rules", as: String.self) }
            }
            #expect(rules == [rebuilt.rules] && rebuilt.rules.hasPrefix("PS-VIOLATIONS-2025 rules "), "\(rules)")
        }
    }
}
