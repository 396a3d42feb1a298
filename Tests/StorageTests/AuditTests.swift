import Foundation
import SQLKit
import RiskFeature
import Storage
import Testing

@Suite("Audit log: append-only, chained by SHA-256")
struct AuditTests {
    /// Every kind of write the store offers, each paired with the audit actions it must append.
    @Test("every write appends its entry; the chain links and hashes as documented", arguments: Backend.available)
    func everyWriteAppends(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            var expected: [String] = []
            func step(_ actions: [String], _ write: () async throws -> Void) async throws {
                let before = try await t.count("audit_log")
                try await write()
                expected += actions
                #expect(try await t.count("audit_log") == before + actions.count, "after \(actions)")
                #expect(try await t.auditRows().suffix(actions.count).map(\.action) == actions)
            }
            try await step(["organization.put"]) { try await t.store.putOrganization(.init(id: "o", name: "O", bin: nil, kind: "k"), actor: "admin") }
            try await step(["organization.put"]) { try await t.store.putOrganization(.init(id: "o", name: "O2", bin: nil, kind: "k"), actor: "admin") }
            try await step(["service.put"]) { try await t.store.putService(id: "s", passport: "{}", actor: "admin") }
            try await step(["official.put"]) {
                try await t.store.putOfficial(.init(id: "off", organization: "o", name: "Off", maySign: ["s"], absencesJSON: "[]"), actor: "admin")
            }
            var userID = ""
            try await step(["user.add"]) {
                userID = try await t.store.addUser(username: "u", passwordHash: "h", role: "registrar", organizations: ["o"], official: nil, actor: "cli")
            }
            try await step(["token.create"]) { try await t.store.addToken(hash: "th", userID: userID, actor: "cli") }
            try await step(["session.create"]) { try await t.store.createSession(idHash: "sh", userID: userID, csrf: "c", expiresEpoch: 9_999_999_999) }
            try await step(["user.language"]) { try await t.store.setLanguage(userID: userID, language: "ru") }
            try await step(["session.delete"]) { try await t.store.deleteSession(idHash: "sh", actor: "u") }
            try await step(["application.create", "events.append"]) {
                try await t.createApplication(FreshDB.application("A-1", org: "o", service: "s"), events: [FreshDB.event("submitted", 1_741_000_000)], actor: "u")
            }
            try await step(["events.append"]) { try await t.appendEvents("A-1", [FreshDB.event("registered", 1_741_000_060)], actor: "u") }
            _ = try await t.store.saveRiskRun(body: "{}", result: "{}", actor: "inspector")
            expected.append("risk.assess")
            _ = try await t.store.saveChecklist(subject: "S-1", body: "{}", result: "{}", actor: "inspector")
            expected.append("checklist.score")
            try await step(["refused.sign"]) { try await t.store.recordRefusal(actor: "u", action: "sign", entity: "application:A-1", reason: "absent") }

            let rows = try await t.auditRows()
            #expect(rows.map(\.action) == expected)
            #expect(rows.map(\.seq) == (1...Int64(expected.count)).map { $0 })
            var prev = Audit.genesis
            for r in rows {
                #expect(r.prevHash == prev, "entry \(r.seq) links to the one before")
                #expect(r.hash == r.recomputed, "entry \(r.seq) hashes as documented")
                #expect(r.mac == AuditRow.mac(hash: r.hash), "entry \(r.seq) carries the documented MAC")
                #expect(r.action == "refused.sign" || !r.effects.isEmpty, "entry \(r.seq) (\(r.action)) lists the rows it wrote")
                #expect(r.hash.count == 64)
                prev = r.hash
            }
            let head = try await t.auditHead()
            #expect(head.seq == Int64(rows.count) && head.hash == prev)
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(rows.count)))
            // The entries say who did what to what.
            #expect(rows.first { $0.action == "events.append" }?.entity == "application:A-1")
            #expect(rows.first { $0.action == "events.append" }?.actor == "u")
            #expect(rows.last?.payload.contains("absent") == true)
        }
    }

    // Regression (fixed): `Audit.verify` walks the log in pages and reads `audit_head` afterwards, each in its own
    // statement (no single snapshot), so a write committed while it walks moves the head past the last entry
    // it saw and it reports a whole chain as broken ("entries were removed from the end") — `rasim audit
    // verify` beside a running server cries wolf. (Read the head first and walk up to it, or verify inside
    // one read transaction — REPEATABLE READ on PostgreSQL, BEGIN … COMMIT on SQLite.)
    @Test("verify while the store keeps writing never reports a whole chain as broken", arguments: Backend.available)
    func verifyDuringWrites(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            let writer = Task {
                for i in 0..<300 { try await t.store.putOrganization(.init(id: "w\(i)", name: "W", bin: nil, kind: "k"), actor: "admin") }
            }
            var verdicts: [Audit.Verdict] = []
            while verdicts.count < 400 {
                verdicts.append(try await Audit.verify(t.database))
                if try await t.count("audit_log") >= 310 { break }
            }
            try await writer.value
            let broken = verdicts.filter { if case .broken = $0 { return true } else { return false } }
            #expect(broken.isEmpty, "\(broken.count) of \(verdicts.count) verifications during writes said broken, e.g. \(broken.first.map { "\($0)" } ?? "")")
            #expect(try await Audit.verify(t.database) == .whole(entries: 310))
        }
    }

    /// A database with 10 entries to tamper with.
    static func tenEntries(_ t: FreshDB) async throws {
        for i in 1...10 { try await t.store.putOrganization(.init(id: "o\(i)", name: "Org \(i)", bin: nil, kind: "k"), actor: "admin") }
        #expect(try await Audit.verify(t.database) == .whole(entries: 10))
    }

    static let fields = ["payload", "actor", "action", "entity", "at", "hash", "prev_hash", "effects", "mac"]

    @Test("editing any field of an entry behind the store's back breaks the chain at that entry",
          arguments: Backend.available, [1, 4, 10])
    func editedEntry(_ backend: Backend, _ seq: Int) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            for field in AuditTests.fields {
                let original = try #require(try await t.auditRows().first { $0.seq == Int64(seq) })
                let value: String
                switch field {
                case "payload": value = original.payload + " "
                case "hash": value = String(original.hash.reversed())
                case "prev_hash": value = String(repeating: "f", count: 64)
                case "mac": value = String(original.mac.reversed())
                default: value = "forged"
                }
                try await t.behindTheBack { db in
                    try await db.update("audit_log").set(SQLIdentifier(field), to: SQLBind(value)).where("seq", .equal, SQLBind(Int64(seq))).run()
                }
                let verdict = try await Audit.verify(t.database)
                guard case .broken(let at, let reason) = verdict else {
                    Issue.record("editing \(field) of entry \(seq) went unnoticed: \(verdict)")
                    continue
                }
                #expect(at == Int64(seq), "editing \(field) of entry \(seq): \(reason)")
                // Put it back: the chain is whole again.
                let restore: String
                switch field {
                case "payload": restore = original.payload
                case "actor": restore = original.actor
                case "action": restore = original.action
                case "entity": restore = original.entity
                case "at": restore = original.at
                case "hash": restore = original.hash
                case "effects": restore = original.effects
                case "mac": restore = original.mac
                default: restore = original.prevHash
                }
                try await t.behindTheBack { db in
                    try await db.update("audit_log").set(SQLIdentifier(field), to: SQLBind(restore)).where("seq", .equal, SQLBind(Int64(seq))).run()
                }
                #expect(try await Audit.verify(t.database) == .whole(entries: 10))
            }
        }
    }

    // Before MACs, an entry whose hash was recomputed was caught only at the next entry (its prev_hash); now its
    // own MAC, which needs the key, gives it away.
    @Test("an edited entry whose own hash was recomputed is caught at that entry (its MAC)", arguments: Backend.available)
    func rehashedEntry(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            let r = try #require(try await t.auditRows().first { $0.seq == 5 })
            let forged = AuditRow.digest(seq: 5, at: r.at, actor: r.actor, action: r.action, entity: r.entity, payload: #"{"forged":true}"#,
                                         effects: r.effects, prev: r.prevHash)
            try await t.behindTheBack { db in
                try await db.update("audit_log").set("payload", to: SQLBind(#"{"forged":true}"#)).set("hash", to: SQLBind(forged))
                    .where("seq", .equal, SQLBind(Int64(5))).run()
            }
            guard case .broken(let seq, let reason) = try await Audit.verify(t.database) else { Issue.record("a re-hashed entry went unnoticed"); return }
            #expect(seq == 5)
            #expect(reason.contains("MAC"), "\(reason)")
        }
    }

    @Test("deleting the last entry is caught (the head names it)", arguments: Backend.available)
    func deletedLastEntry(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            try await t.behindTheBack { db in try await db.delete(from: "audit_log").where("seq", .equal, SQLBind(Int64(10))).run() }
            guard case .broken(let seq, let reason) = try await Audit.verify(t.database) else { Issue.record("a deleted last entry went unnoticed"); return }
            #expect(seq == 10, "\(reason)")
        }
    }

    @Test("deleting the last entries and rewinding nothing else is caught", arguments: Backend.available)
    func truncatedTail(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            try await t.behindTheBack { db in try await db.delete(from: "audit_log").where("seq", .greaterThan, SQLBind(Int64(6))).run() }
            guard case .broken(let seq, _) = try await Audit.verify(t.database) else { Issue.record("a truncated tail went unnoticed"); return }
            #expect(seq == 7)
        }
    }

    @Test("deleting a middle entry is caught at the entry after the gap", arguments: Backend.available)
    func deletedMiddleEntry(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            try await t.behindTheBack { db in try await db.delete(from: "audit_log").where("seq", .equal, SQLBind(Int64(4))).run() }
            guard case .broken(let seq, let reason) = try await Audit.verify(t.database) else { Issue.record("a deleted entry went unnoticed"); return }
            #expect(seq == 5, "the first entry that does not hold is 5 (entry 4 is missing): \(reason)")
            #expect(reason.contains("4"))
        }
    }

    @Test("deleting a middle entry and renumbering the rest is caught at the gap", arguments: Backend.available)
    func deletedAndRenumbered(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            try await t.behindTheBack { db in
                try await db.delete(from: "audit_log").where("seq", .equal, SQLBind(Int64(4))).run()
                for s in Int64(5)...10 { try await db.update("audit_log").set("seq", to: SQLBind(s - 1)).where("seq", .equal, SQLBind(s)).run() }
                try await db.update("audit_head").set("seq", to: SQLBind(Int64(9))).where("id", .equal, SQLBind(1)).run()
            }
            guard case .broken(let seq, _) = try await Audit.verify(t.database) else { Issue.record("a renumbered chain went unnoticed"); return }
            #expect(seq == 4)
        }
    }

    @Test("swapping two entries is caught at the first of them", arguments: Backend.available)
    func reorderedEntries(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            try await t.behindTheBack { db in
                try await db.update("audit_log").set("seq", to: SQLBind(Int64(-1))).where("seq", .equal, SQLBind(Int64(3))).run()
                try await db.update("audit_log").set("seq", to: SQLBind(Int64(3))).where("seq", .equal, SQLBind(Int64(7))).run()
                try await db.update("audit_log").set("seq", to: SQLBind(Int64(7))).where("seq", .equal, SQLBind(Int64(-1))).run()
            }
            guard case .broken(let seq, _) = try await Audit.verify(t.database) else { Issue.record("swapped entries went unnoticed"); return }
            #expect(seq == 3)
        }
    }

    // Regression (fixed): an entry appended past the chain's head is reported as entry 12 — one that does not exist — with
    // the reason "entries were removed from the end"; the first entry the head does not vouch for is 11
    // (Audit.verify: name min(head.seq + 1, …) and say the head is behind the log).
    @Test("an entry appended behind the head's back is named", arguments: Backend.available)
    func insertedEntry(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            let last = try #require(try await t.auditRows().last)
            // Appended after the head moved on without it: the head no longer matches the last entry.
            try await t.behindTheBack { db in
                let hash = AuditRow.digest(seq: 11, at: last.at, actor: "intruder", action: "organization.put", entity: "organization:x", payload: "{}", prev: last.hash)
                try await db.insert(into: "audit_log").columns("seq", "at", "actor", "action", "entity", "payload", "prev_hash", "hash")
                    .values(SQLBind(Int64(11)), SQLBind(last.at), SQLBind("intruder"), SQLBind("organization.put"), SQLBind("organization:x"),
                            SQLBind("{}"), SQLBind(last.hash), SQLBind(hash)).run()
            }
            guard case .broken(let seq, _) = try await Audit.verify(t.database) else { Issue.record("an appended entry behind the head went unnoticed"); return }
            #expect(seq == 11)
        }
    }

    @Test("an edited chain head is caught", arguments: Backend.available)
    func editedHead(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await AuditTests.tenEntries(t)
            try await t.behindTheBack { db in
                try await db.update("audit_head").set("hash", to: SQLBind(Audit.genesis)).where("id", .equal, SQLBind(1)).run()
            }
            guard case .broken = try await Audit.verify(t.database) else { Issue.record("an edited head went unnoticed"); return }
        }
    }

    /// A chain longer than verify's page (5000), built in bulk by the documented rule, MACs included (fast on both backends).
    @Test("verify pages through a long chain and still names the broken entry", arguments: Backend.available)
    func longChain(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let n = 5_100
            var prev = Audit.genesis
            var rows: [(Int64, String, String, String, String)] = []  // seq, entity, prev, hash, mac
            for seq in Int64(1)...Int64(n) {
                let entity = "probe:\(seq)"
                let hash = AuditRow.digest(seq: seq, at: "2025-03-03T05:00:00.000Z", actor: "bulk", action: "probe", entity: entity, payload: "{}", prev: prev)
                rows.append((seq, entity, prev, hash, AuditRow.mac(hash: hash)))
                prev = hash
            }
            let all = rows, head = prev
            try await t.behindTheBack { db in
                for chunk in stride(from: 0, to: all.count, by: 500) {
                    let insert = db.insert(into: "audit_log").columns("seq", "at", "actor", "action", "entity", "payload", "prev_hash", "hash", "mac")
                    for r in all[chunk..<min(chunk + 500, all.count)] {
                        insert.values(SQLBind(r.0), SQLBind("2025-03-03T05:00:00.000Z"), SQLBind("bulk"), SQLBind("probe"), SQLBind(r.1),
                                      SQLBind("{}"), SQLBind(r.2), SQLBind(r.3), SQLBind(r.4))
                    }
                    try await insert.run()
                }
                try await db.update("audit_head").set("seq", to: SQLBind(Int64(n))).set("hash", to: SQLBind(head)).where("id", .equal, SQLBind(1)).run()
            }
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(n)))
            // The store continues the bulk-built chain.
            try await t.store.putOrganization(.init(id: "o", name: "O", bin: nil, kind: "k"), actor: "admin")
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(n + 1)))
            try await t.behindTheBack { db in
                try await db.update("audit_log").set("entity", to: SQLBind("probe:forged")).where("seq", .equal, SQLBind(Int64(5050))).run()
            }
            #expect(try await Audit.verify(t.database) == .broken(seq: 5050, reason: "its content does not match its hash (the entry was altered)"))
        }
    }
}
