import Foundation
import SQLKit
import Storage
import Testing

@Suite("Writes: one transaction each, all or nothing")
struct WriteTransactionTests {
    @Test("a write whose body throws rolls back everything it wrote, audit entry included", arguments: Backend.available)
    func throwingBodyRollsBack(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let before = try await t.auditHead()
            await #expect(throws: Boom.self) {
                try await t.database.write { db in
                    try await Store.insertApplication(db, FreshDB.application("A-half"), actor: "test")
                    try await Store.insertEvents(db, application: "A-half", after: 0, [FreshDB.event("submitted", 1_741_000_000)], actor: "test")
                    try await db.insert(into: "organizations").columns("id", "name", "bin", "kind", "created_at")
                        .values(SQLBind("half-org"), SQLBind("Half"), SQLBind(String?.none), SQLBind("k"), SQLBind("now")).run()
                    throw Boom()
                }
            }
            #expect(try await t.store.application(key: "A-half") == nil)
            #expect(try await t.count("applications") == 0)
            #expect(try await t.count("events") == 0)
            #expect(try await t.store.organizations().map(\.id) == ["akimat-test"])
            #expect(try await t.count("audit_log") == 2)
            let after = try await t.auditHead()
            #expect(after.seq == before.seq && after.hash == before.hash)
            #expect(try await Audit.verify(t.database) == .whole(entries: 2))
            // The next write continues the chain as if the failed one never happened.
            try await t.store.putOrganization(.init(id: "next", name: "Next", bin: nil, kind: "k"), actor: "test")
            #expect(try await Audit.verify(t.database) == .whole(entries: 3))
        }
    }

    @Test("a write that fails inside the database (a foreign key) rolls back its earlier statements", arguments: Backend.available)
    func sqlErrorRollsBack(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            await #expect(throws: (any Error).self) {
                try await t.database.write { db in
                    try await db.insert(into: "organizations").columns("id", "name", "bin", "kind", "created_at")
                        .values(SQLBind("o1"), SQLBind("One"), SQLBind(String?.none), SQLBind("k"), SQLBind("now")).run()
                    try await Audit.append(db, actor: "test", action: "organization.put", entity: "organization:o1", payload: "{}")
                    try await db.insert(into: "officials").columns("id", "organization", "name", "may_sign", "absences")
                        .values(SQLBind("x"), SQLBind("missing-org"), SQLBind("X"), SQLBind("[]"), SQLBind("[]")).run()
                }
            }
            #expect(try await t.count("organizations") == 0)
            #expect(try await t.count("audit_log") == 0)
            #expect(try await Audit.verify(t.database) == .whole(entries: 0))
        }
    }

    /// 50 concurrent writes — on SQLite held back behind a slow write so they share one group commit — where
    /// every 7th fails (half by throwing, half by a foreign-key error in the database) after writing a row and
    /// an audit entry: every other write is there, every failing one is absent, and the chain is whole.
    @Test("concurrent writes in one group: the failing ones roll back alone", arguments: Backend.available)
    func groupCommitIsolatesFailures(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let n = 50
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                // The writer is held inside the blocker's write until the 50 others wait behind it (one group next).
                let hold = WriterHold(t.database)
                group.addTask {
                    do {
                        try await t.database.write { db in
                            try await db.insert(into: "organizations").columns("id", "name", "bin", "kind", "created_at")
                                .values(SQLBind("blocker"), SQLBind("Blocker"), SQLBind(String?.none), SQLBind("k"), SQLBind("now")).run()
                            try await Audit.append(db, actor: "test", action: "organization.put", entity: "organization:blocker", payload: "{}",
                                                   wrote: [("organizations", ["blocker"])])
                            await hold.heldHere()
                        }
                        return (-1, true)
                    } catch { return (-1, false) }
                }
                await hold.waitHeld()
                for i in 0..<n {
                    await hold.queue(in: &group) {
                        do {
                            try await t.database.write { db in
                                try await db.insert(into: "organizations").columns("id", "name", "bin", "kind", "created_at")
                                    .values(SQLBind("org-\(i)"), SQLBind("Org \(i)"), SQLBind(String?.none), SQLBind("k"), SQLBind("now")).run()
                                try await Audit.append(db, actor: "test", action: "organization.put", entity: "organization:org-\(i)", payload: "{\"i\":\(i)}",
                                                       wrote: [("organizations", ["org-\(i)"])])
                                if i % 14 == 0 { throw Boom(n: i) }
                                if i % 7 == 0 {
                                    try await db.insert(into: "officials").columns("id", "organization", "name", "may_sign", "absences")
                                        .values(SQLBind("x-\(i)"), SQLBind("missing-org"), SQLBind("X"), SQLBind("[]"), SQLBind("[]")).run()
                                }
                            }
                            return (i, true)
                        } catch { return (i, false) }
                    }
                }
                await hold.release()
                var all: [(Int, Bool)] = []
                for await r in group { all.append(r) }
                return all
            }
            let ok = Set(results.filter(\.1).map(\.0))
            let failed = Set(results.filter { !$0.1 }.map(\.0))
            let expectedFailed = Set((0..<n).filter { $0 % 7 == 0 })
            #expect(failed == expectedFailed)
            #expect(ok == Set((0..<n).filter { $0 % 7 != 0 }).union([-1]))
            let orgs = Set(try await t.store.organizations().map(\.id))
            #expect(orgs == Set((0..<n).filter { $0 % 7 != 0 }.map { "org-\($0)" }).union(["blocker"]))
            let audit = try await t.auditRows()
            #expect(audit.count == ok.count)
            #expect(Set(audit.map(\.entity)) == Set(orgs.map { "organization:\($0)" }))
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(ok.count)))
        }
    }

    @Test("many concurrent writes each come back with their own result", arguments: Backend.available)
    func concurrentResults(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            // PostgreSQL serialises writes on the audit head (held through COMMIT) and its pool makes callers
            // wait at most 10 s for a connection: keep its burst within that on a loaded build machine.
            let n = backend == .sqlite ? 200 : 60
            let values = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for i in 0..<n {
                    group.addTask {
                        let v = try await t.database.write { db in
                            try await Audit.append(db, actor: "test", action: "probe", entity: "probe:\(i)", payload: "{}")
                            return i * 3
                        }
                        return (i, v)
                    }
                }
                var all: [(Int, Int)] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(values.count == n)
            #expect(values.allSatisfy { $0.1 == $0.0 * 3 })
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(n)))
            #expect(Set(try await t.auditRows().map(\.seq)) == Set(1...Int64(n)))
        }
    }
}
