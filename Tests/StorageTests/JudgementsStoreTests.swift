import Foundation
import SQLKit
import Storage
import Testing

@Suite("Judgements kept: stored, replaced whole, and checked against the timeline's last event")
struct JudgementsStoreTests {
    static func judgement(_ subject: String, seq: Int, basis: String = "b1", holdsUntil: Int64? = nil, state: String = "open",
                          codes: [String]) -> StoredJudgement {
        StoredJudgement(subject: subject, provider: "akimat-test", seq: seq, basis: basis, holdsUntil: holdsUntil, state: state,
                        receivedDay: 20_100, dueDay: 20_110, detail: codes.isEmpty ? nil : "{\"x\": 1}",
                        findings: codes.enumerated().map { n, c in
                            StoredFinding(code: c, severity: "minor", due: 20_110, actual: nil, lateWorkingDays: n, citation: "§\(n)",
                                          body: "{\"code\": \"\(c)\", \"n\": \(n)}")
                        })
    }

    @Test("a stored judgement reads back with the timeline's last event; storing again replaces its findings whole",
          arguments: Backend.available)
    func storeAndReplace(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.createApplication(FreshDB.application("A-1"), events: [FreshDB.event("submitted", 1_741_000_000)])
            try await t.createApplication(FreshDB.application("A-2"), events: [FreshDB.event("submitted", 1_741_000_100)])

            // Nothing kept yet: each timeline with its last event, no judgement.
            var index = try await t.store.timelineJudgements(module: "m", providers: ["akimat-test"])
            #expect(index.map(\.row.id) == ["A-1", "A-2"] && index.map(\.seq) == [1, 1] && index.allSatisfy { $0.stored == nil })

            try await t.store.putJudgements(module: "m", [Self.judgement("A-1", seq: 1, codes: ["c1", "c2", "c1"]),
                                                          Self.judgement("A-2", seq: 1, holdsUntil: 5_000, codes: [])])
            index = try await t.store.timelineJudgements(module: "m", providers: nil)
            let a1 = try #require(index.first { $0.row.id == "A-1" }?.stored)
            #expect(a1.codes == ["c1", "c2", "c1"] && a1.state == "open" && a1.receivedDay == 20_100 && a1.dueDay == 20_110 && a1.detail == "{\"x\": 1}")
            #expect(a1.holds(seq: 1, basis: "b1", now: .max) && !a1.holds(seq: 2, basis: "b1", now: 0) && !a1.holds(seq: 1, basis: "b2", now: 0))
            let a2 = try #require(index.first { $0.row.id == "A-2" }?.stored)
            #expect(a2.codes.isEmpty && a2.detail == nil && a2.holds(seq: 1, basis: "b1", now: 4_999) && !a2.holds(seq: 1, basis: "b1", now: 5_000))
            // Another module's judgements are its own.
            #expect(try await t.store.timelineJudgements(module: "other", providers: nil).allSatisfy { $0.stored == nil })

            var findings = try await t.store.storedFindings(module: "m", providers: ["akimat-test"])
            #expect(findings.map(\.subject) == ["A-1", "A-1", "A-1"] && findings.map(\.finding.code) == ["c1", "c2", "c1"])
            #expect(findings.map(\.finding.lateWorkingDays) == [0, 1, 2] && findings[1].finding.body == "{\"code\": \"c2\", \"n\": 1}")
            #expect(try await t.store.storedFindings(module: "m", providers: nil, code: "c2").count == 1)
            #expect(try await t.store.storedFindings(module: "m", providers: []).isEmpty)

            // A new event: the stored judgement no longer matches the timeline.
            try await t.appendEvents("A-1", [FreshDB.event("registered", 1_741_000_060)])
            index = try await t.store.timelineJudgements(module: "m", providers: nil)
            let moved = try #require(index.first { $0.row.id == "A-1" })
            #expect(moved.seq == 2 && moved.stored?.seq == 1 && moved.stored?.holds(seq: moved.seq, basis: "b1", now: 0) == false)

            // Judged again: one finding fewer; nothing of the old findings is left.
            try await t.store.putJudgements(module: "m", [Self.judgement("A-1", seq: 2, state: "result", codes: ["c3"])])
            findings = try await t.store.storedFindings(module: "m", providers: nil)
            #expect(findings.map(\.finding.code) == ["c3"])
            #expect(try await t.store.timelineJudgements(module: "m", providers: nil).first?.stored?.state == "result")

            // Forgotten: the next read judges again; the timelines are untouched.
            try await t.store.forgetJudgements(module: "m")
            #expect(try await t.store.timelineJudgements(module: "m", providers: nil).allSatisfy { $0.stored == nil })
            #expect(try await t.store.storedFindings(module: "m", providers: nil).isEmpty)
            #expect(try await t.store.countApplications() == 2)
        }
    }

    @Test("two writers storing the same subjects at once leave one whole judgement each", arguments: Backend.available)
    func concurrentStores(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let ids = (1...40).map { "C-\($0)" }
            for id in ids { try await t.createApplication(FreshDB.application(id), events: [FreshDB.event("submitted", 1_741_000_000)]) }
            let store = t.store
            try await withThrowingTaskGroup(of: Void.self) { g in
                for round in 0..<6 {
                    g.addTask {
                        let codes = round % 2 == 0 ? ["a", "b"] : ["c"]
                        try await store.putJudgements(module: "m", ids.shuffled().map { Self.judgement($0, seq: 1, basis: "r\(round)", codes: codes) })
                    }
                }
                try await g.waitForAll()
            }
            let index = try await store.timelineJudgements(module: "m", providers: nil)
            let findings = try await store.storedFindings(module: "m", providers: nil)
            for entry in index {
                let stored = try #require(entry.stored)
                // The findings kept are the ones of the judgement kept.
                #expect(findings.filter { $0.subject == entry.row.key }.map(\.finding.code) == stored.codes, "\(entry.row.id)")
            }
        }
    }
}
