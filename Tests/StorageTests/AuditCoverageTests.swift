import Crypto
import Foundation
import SQLKit
import RiskFeature
import Storage
import Testing

// Issue 11 §3: `audit verify` passed after editing or deleting `events` rows, changing an application's
// provider, forging an application, raising a user's role, inserting an API token, clearing an official's
// absences, deleting the log's tail and rewinding the head, or recomputing the whole chain after an edit.
// One test per reproduction: each now fails verification, naming the table and row (or the entry).

@Suite("Audit log: it covers the data, is keyed, and can be checkpointed")
struct AuditCoverageTests {
    /// Every kind of audited write, through both event paths (a plain write and the group-commit writer).
    /// Returns the registrar's user id.
    @discardableResult
    static func populated(_ t: FreshDB) async throws -> String {
        try await t.store.putOrganization(.init(id: "akimat-a", name: "Akimat A", bin: "140440031745", kind: "local_executive_body"), actor: "admin")
        try await t.store.putOrganization(.init(id: "akimat-b", name: "Akimat B", bin: nil, kind: "local_executive_body"), actor: "admin")
        try await t.store.putService(id: "svc", passport: #"{"id": "svc"}"#, actor: "admin")
        try await t.store.putOfficial(.init(id: "head-a", organization: "akimat-a", name: "Head", maySign: ["svc"],
                                            absencesJSON: #"[{"from": "2025-03-01", "to": "2025-03-14"}]"#), actor: "admin")
        let user = try await t.store.addUser(username: "clerk", passwordHash: "hash", role: "registrar", organizations: ["akimat-a"],
                                             official: nil, actor: "cli")
        try await t.store.addToken(hash: "token-1", userID: user, actor: "cli")
        try await t.store.createSession(idHash: "session-1", userID: user, csrf: "c", expiresEpoch: 9_999_999_999)
        try await t.createApplication(FreshDB.application("A-1", org: "akimat-a", service: "svc"),
                                      events: [FreshDB.event("submitted", 1_741_000_000), FreshDB.event("registered", 1_741_000_060)], actor: "clerk")
        try await t.createApplication(FreshDB.application("A-2", org: "akimat-a", service: "svc"), events: [FreshDB.event("submitted", 1_741_100_000)],
                                      actor: "clerk")
        // The group-commit writer's set-wise path.
        try await t.store.appendEvents(EventAppend(parts: [.init(application: "A-1", events: [FreshDB.event("result_issued", 1_741_200_000)]),
                                                          .init(application: "A-2", events: [FreshDB.event("registered", 1_741_100_060)])],
                                                   actor: "clerk", contextTypes: [], check: { _ in }))
        _ = try await t.store.saveRiskRun(body: "{}", result: "{}", actor: "inspector")
        _ = try await t.store.saveChecklist(subject: "S-1", body: "{}", result: "{}", actor: "inspector")
        try await t.store.recordRefusal(actor: "clerk", action: "sign", entity: "application:A-1", reason: "absent")
        #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        return user
    }

    /// The verdict must name `table` and `key` (and say why, in `words`).
    static func expectMismatch(_ verdict: Audit.Verdict, _ table: String, _ key: String, _ words: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .rowMismatch(let t, let k, _, let reason) = verdict else {
            Issue.record("expected \(table) \(key) to be named, got \(verdict)", sourceLocation: sourceLocation)
            return
        }
        #expect(t == table && k == key, "\(verdict)", sourceLocation: sourceLocation)
        #expect(reason.contains(words), "\(reason)", sourceLocation: sourceLocation)
    }

    // MARK: the reproductions

    @Test("editing an events row behind the log's back is named (table, application/seq, the entry that wrote it)",
          arguments: Backend.available)
    func editedEvent(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.update("events").set("body", to: SQLBind(#"{"type": "registered", "at": "1741000000"}"#))
                    .where("application", .equal, SQLBind("A-1")).where("seq", .equal, SQLBind(2)).run()
            }
            let verdict = try await Audit.verify(t.database)
            Self.expectMismatch(verdict, "events", "A-1/2", "edited")
            if case .rowMismatch(_, _, let seq, _) = verdict {
                let wrote = try await t.auditRows().first { $0.action == "events.append" && $0.entity == "application:A-1" }
                #expect(seq == wrote?.seq, "the entry that appended A-1's first events")
            }
        }
    }

    @Test("deleting an events row — or adding one — behind the log's back is named", arguments: Backend.available)
    func deletedOrAddedEvent(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            // The event the group-commit writer appended.
            try await t.behindTheBack { db in
                try await db.delete(from: "events").where("application", .equal, SQLBind("A-1")).where("seq", .equal, SQLBind(3)).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "events", "A-1/3", "deleted")
            try await t.behindTheBack { db in
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind("A-1"), SQLBind(3), SQLBind("result_issued"), SQLBind(Int64(1_741_200_000)),
                            SQLBind(#"{"type": "result_issued", "at": "1741200000"}"#), SQLBind("2025-03-03T10:00:00.000Z"), SQLBind("clerk")).run()
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind("A-2"), SQLBind(3), SQLBind("refused"), SQLBind(Int64(1_741_300_000)), SQLBind("{}"), SQLBind("x"), SQLBind("x")).run()
            }
            let verdict = try await Audit.verify(t.database)
            // A-1/3 is back but not as the writer wrote it (recorded_at differs); either way a row is named.
            guard case .rowMismatch(let table, let key, _, _) = verdict, table == "events", key == "A-1/3" || key == "A-2/3" else {
                Issue.record("added events went unnoticed: \(verdict)"); return
            }
            try await t.behindTheBack { db in
                try await db.delete(from: "events").where("application", .equal, SQLBind("A-1")).where("seq", .equal, SQLBind(3)).run()
            }
            try await t.behindTheBack { db in
                try await db.delete(from: "events").where("application", .equal, SQLBind("A-2")).where("seq", .equal, SQLBind(3)).run()
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind("A-2"), SQLBind(3), SQLBind("refused"), SQLBind(Int64(1_741_300_000)), SQLBind("{}"), SQLBind("x"), SQLBind("x")).run()
            }
            // Now A-1/3 is missing (named first, events are compared in application order) …
            Self.expectMismatch(try await Audit.verify(t.database), "events", "A-1/3", "deleted")
        }
    }

    @Test("an event added to an application whose events are otherwise intact is named", arguments: Backend.available)
    func addedEvent(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind("A-2"), SQLBind(3), SQLBind("refused"), SQLBind(Int64(1_741_300_000)), SQLBind("{}"), SQLBind("x"), SQLBind("x")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "events", "A-2/3", "added")
        }
    }

    @Test("changing an application's provider is named", arguments: Backend.available)
    func changedProvider(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.update("applications").set("provider", to: SQLBind("akimat-b")).where("id", .equal, SQLBind("A-1")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "applications", "A-1", "edited")
        }
    }

    @Test("moving an application's submission time (derived from its events) is named", arguments: Backend.available)
    func changedSubmittedEpoch(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.update("applications").set("submitted_epoch", to: SQLBind(Int64(1_700_000_000))).where("id", .equal, SQLBind("A-2")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "applications", "A-2", "submitted_epoch")
        }
    }

    @Test("forging an application is named", arguments: Backend.available)
    func forgedApplication(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.insert(into: "applications")
                    .columns("id", "service", "provider", "channel", "applicant", "queue_position", "submitted_epoch", "created_at")
                    .values(SQLBind("A-FORGED"), SQLBind("svc"), SQLBind("akimat-a"), SQLBind("electronic"), SQLBind("x"), SQLBind(Int64?.none),
                            SQLBind(Int64?.none), SQLBind("2025-03-03T10:00:00.000Z")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "applications", "A-FORGED", "added")
            // With an event of its own, the event is named first.
            try await t.behindTheBack { db in
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind("A-FORGED"), SQLBind(1), SQLBind("submitted"), SQLBind(Int64(1_741_000_000)), SQLBind("{}"), SQLBind("x"),
                            SQLBind("x")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "events", "A-FORGED/1", "added")
        }
    }

    @Test("raising a user's role is named", arguments: Backend.available)
    func raisedRole(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let user = try await Self.populated(t)
            try await t.behindTheBack { db in try await db.update("users").set("role", to: SQLBind("admin")).where("id", .equal, SQLBind(user)).run() }
            Self.expectMismatch(try await Audit.verify(t.database), "users", user, "edited")
        }
    }

    @Test("a user added to another organization, or a forged session, is named", arguments: Backend.available)
    func forgedMembershipAndSession(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let user = try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.insert(into: "user_organizations").columns("user_id", "organization").values(SQLBind(user), SQLBind("akimat-b")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "user_organizations", "\(user)/akimat-b", "added")
            try await t.behindTheBack { db in
                try await db.delete(from: "user_organizations").where("organization", .equal, SQLBind("akimat-b")).run()
                try await db.insert(into: "sessions").columns("id_hash", "user_id", "csrf", "expires_epoch")
                    .values(SQLBind("session-forged"), SQLBind(user), SQLBind("c"), SQLBind(Int64(9_999_999_999))).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "sessions", "session-forged", "added")
            // A session deleted through the store is gone from the log's state too: no complaint.
            try await t.behindTheBack { db in try await db.delete(from: "sessions").where("id_hash", .equal, SQLBind("session-forged")).run() }
            try await t.store.deleteSession(idHash: "session-1", actor: "clerk")
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        }
    }

    @Test("inserting an API token is named", arguments: Backend.available)
    func insertedToken(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let user = try await Self.populated(t)
            try await t.behindTheBack { db in
                try await db.insert(into: "api_tokens").columns("token_hash", "user_id", "created_at")
                    .values(SQLBind("forged-token"), SQLBind(user), SQLBind("2025-03-03T10:00:00.000Z")).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "api_tokens", "forged-token", "added")
        }
    }

    @Test("clearing an official's absences is named", arguments: Backend.available)
    func clearedAbsences(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in try await db.update("officials").set("absences", to: SQLBind("[]")).where("id", .equal, SQLBind("head-a")).run() }
            Self.expectMismatch(try await Audit.verify(t.database), "officials", "head-a", "edited")
        }
    }

    @Test("deleting an organization (or any audited row) is named with the entry that wrote it", arguments: Backend.available)
    func deletedRow(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.behindTheBack { db in try await db.delete(from: "checklists").run() }
            let verdict = try await Audit.verify(t.database)
            guard case .rowMismatch("checklists", _, let seq?, let reason) = verdict else { Issue.record("a deleted row went unnoticed: \(verdict)"); return }
            #expect(reason.contains("deleted"))
            #expect(try await t.auditRows().first { $0.seq == seq }?.action == "checklist.score")
        }
    }

    @Test("deleting the log's tail and rewinding the head: the rows left are named; with them gone too, the checkpoint names it",
          arguments: Backend.available)
    func deletedTailRewoundHead(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            let user = try await Self.populated(t)
            try await t.store.addToken(hash: "token-2", userID: user, actor: "cli")
            let checkpoint = try await Audit.checkpoint(t.database)
            let rows = try await t.auditRows()
            let last = try #require(rows.last), before = rows[rows.count - 2]
            #expect(checkpoint.seq == last.seq && checkpoint.hash == last.hash)
            // The entry of the token's creation goes, and the head is rewound onto the entry before it.
            try await t.behindTheBack { db in
                try await db.delete(from: "audit_log").where("seq", .equal, SQLBind(last.seq)).run()
                try await db.update("audit_head").set("seq", to: SQLBind(before.seq)).set("hash", to: SQLBind(before.hash)).where("id", .equal, SQLBind(1)).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "api_tokens", "token-2", "added")
            // The token goes too: the log is consistent with the data — only the checkpoint kept elsewhere shows it.
            try await t.behindTheBack { db in try await db.delete(from: "api_tokens").where("token_hash", .equal, SQLBind("token-2")).run() }
            #expect(try await Audit.verify(t.database) == .whole(entries: before.seq))
            let verdict = try await Audit.verify(t.database, checkpoint: checkpoint)
            guard case .broken(let seq, let reason) = verdict else { Issue.record("a rewound head went unnoticed with the checkpoint: \(verdict)"); return }
            #expect(seq == last.seq)
            #expect(reason.contains("checkpoint"), "\(reason)")
        }
    }

    @Test("recomputing the whole chain after an edit fails without the key (the first rewritten entry's MAC)", arguments: Backend.available)
    func recomputedChain(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            let checkpointBefore = try await Audit.checkpoint(t.database)
            // The forger renames organization akimat-a and rewrites its entry to match — payload and effects (the row
            // digest is no secret) — then rehashes every entry after it and the head. The MACs need the key: they
            // keep the old ones, or make new ones with a key of their own.
            let forgedName = "Forged"
            let rows = try await t.auditRows()
            let target = try #require(rows.first { $0.entity == "organization:akimat-a" })
            let created = try await t.database.read { db in
                try #require(try await db.select().column("created_at").from("organizations").where("id", .equal, SQLBind("akimat-a")).first())
                    .decode(column: "created_at", as: String.self)
            }
            let digest = AuditRow.rowDigest("organizations", [.s("akimat-a"), .s(forgedName), .s("140440031745"), .s("local_executive_body"), .s(created)])
            let effects = #"[["organizations",["akimat-a"],"\#(digest)"]]"#
            let payload = #"{"bin":"140440031745","kind":"local_executive_body","name":"Forged"}"#
            for macKey in [nil, [UInt8](repeating: 9, count: 32), FreshDB.auditKeyBytes] as [[UInt8]?] {
                var prev = Audit.genesis
                var rewritten: [AuditRow] = []
                for var r in rows {
                    if r.seq == target.seq { r.payload = payload; r.effects = effects }
                    r.prevHash = prev
                    r.hash = r.recomputed
                    if let macKey { r.mac = AuditRow.mac(hash: r.hash, key: macKey) }
                    prev = r.hash
                    rewritten.append(r)
                }
                let all = rewritten, newHead = prev
                try await t.behindTheBack { db in
                    try await db.update("organizations").set("name", to: SQLBind(forgedName)).where("id", .equal, SQLBind("akimat-a")).run()
                    for r in all {
                        try await db.update("audit_log").set("payload", to: SQLBind(r.payload)).set("effects", to: SQLBind(r.effects))
                            .set("prev_hash", to: SQLBind(r.prevHash)).set("hash", to: SQLBind(r.hash)).set("mac", to: SQLBind(r.mac))
                            .where("seq", .equal, SQLBind(r.seq)).run()
                    }
                    try await db.update("audit_head").set("hash", to: SQLBind(newHead)).where("id", .equal, SQLBind(1)).run()
                }
                let verdict = try await Audit.verify(t.database)
                if macKey == FreshDB.auditKeyBytes {
                    // Only a holder of the key could do this: the rewrite is then whole — the MAC is what stops it —
                    // but a checkpoint taken before still shows it.
                    #expect(verdict == .whole(entries: Int64(rows.count)))
                    guard case .broken(let seq, _) = try await Audit.verify(t.database, checkpoint: checkpointBefore) else {
                        Issue.record("a rewritten log passed its earlier checkpoint"); continue
                    }
                    #expect(seq == checkpointBefore.seq)
                } else {
                    guard case .broken(let seq, let reason) = verdict else { Issue.record("a recomputed chain went unnoticed: \(verdict)"); continue }
                    #expect(seq == target.seq, "\(reason)")
                    #expect(reason.contains("MAC"), "\(reason)")
                }
            }
        }
    }

    // MARK: key handling

    @Test("a database verified with another key fails at its first entry; without a key, writes and verify refuse",
          arguments: Backend.available)
    func wrongOrMissingKey(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            let other = try await Database.open(url: t.url, auditKey: AuditKey.random())
            let verdict = try await Audit.verify(other)
            await other.close()
            guard case .broken(1, let reason) = verdict else { Issue.record("another key verified the log: \(verdict)"); return }
            #expect(reason.contains("MAC"))

            let keyless = try await Database.open(url: t.url)
            await #expect(throws: StorageError.self) {
                try await Store(keyless).putOrganization(.init(id: "x", name: "X", bin: nil, kind: "k"), actor: "admin")
            }
            await #expect(throws: StorageError.self) {
                try await Store(keyless).appendEvents(EventAppend(parts: [.init(application: "A-1", events: [FreshDB.event("refused", 1_741_300_000)])],
                                                                  actor: "clerk", contextTypes: [], check: { _ in }))
            }
            await #expect(throws: StorageError.self) { _ = try await Audit.verify(keyless) }
            await keyless.close()
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        }
    }

    @Test("a missing key file is created (0600, 64 hex digits) and then read; verify-style resolution never creates one")
    func keyFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rasim-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite.audit-key").path
        #expect(throws: StorageError.self) { _ = try AuditKey.resolve(file: nil, environment: nil, defaultFile: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
        let made = try AuditKey.resolve(file: nil, environment: nil, defaultFile: path, create: true)
        #expect(made.created && made.origin == .file(path))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.count == 64 && text.allSatisfy(\.isHexDigit))
        let again = try AuditKey.resolve(file: nil, environment: nil, defaultFile: path, create: true)
        #expect(!again.created)
        #expect(try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == text)
        // RASIM_AUDIT_KEY wins over the default file; --audit-key-file over both; a bad key is refused.
        #expect(try AuditKey.resolve(file: nil, environment: String(repeating: "ab", count: 32), defaultFile: path, create: true).origin == .environment)
        #expect(try AuditKey.resolve(file: path, environment: String(repeating: "ab", count: 32), defaultFile: "/nonexistent", create: false).origin == .file(path))
        #expect(throws: StorageError.self) { _ = try AuditKey.resolve(file: nil, environment: "short", defaultFile: path, create: true) }
    }

    @Test("checkpoint round trip: its JSON line parses back; later writes keep it valid; a forged checkpoint is refused",
          arguments: Backend.available)
    func checkpointRoundTrip(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            let checkpoint = try await Audit.checkpoint(t.database)
            #expect(try Audit.Checkpoint.parse(checkpoint.json) == checkpoint)
            #expect(!checkpoint.json.contains("\n"))
            try await t.store.putOrganization(.init(id: "later", name: "Later", bin: nil, kind: "k"), actor: "admin")
            let n = Int64(try await t.count("audit_log"))
            #expect(try await Audit.verify(t.database, checkpoint: checkpoint) == .whole(entries: n))
            var forged = checkpoint
            forged.seq += 1
            guard case .broken(_, let reason) = try await Audit.verify(t.database, checkpoint: forged) else { Issue.record("a forged checkpoint passed"); return }
            #expect(reason.contains("key"))
            #expect(throws: StorageError.self) { _ = try Audit.Checkpoint.parse("{\"seq\": 1}") }
        }
    }

    // MARK: upgrading a log from before keys

    @Test("a log from before keys is anchored once: MACs added, rows recorded as found, then held to them", arguments: Backend.available)
    func anchorOldLog(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            // What an older Rasim wrote: rows and entries without effects or MACs.
            var prev = Audit.genesis
            var entries: [(Int64, String, String, String)] = []  // seq, entity, prev, hash
            for i in 1...3 {
                let hash = AuditRow.digest(seq: Int64(i), at: "2025-01-01T00:00:00.000Z", actor: "admin", action: "organization.put",
                                           entity: "organization:old-\(i)", payload: "{}", prev: prev)
                entries.append((Int64(i), "organization:old-\(i)", prev, hash))
                prev = hash
            }
            let all = entries, head = prev
            try await t.behindTheBack { db in
                for (seq, entity, p, h) in all {
                    try await db.insert(into: "organizations").columns("id", "name", "bin", "kind", "created_at")
                        .values(SQLBind(String(entity.dropFirst("organization:".count))), SQLBind("Old"), SQLBind(String?.none), SQLBind("k"),
                                SQLBind("2025-01-01T00:00:00.000Z")).run()
                    try await db.insert(into: "audit_log").columns("seq", "at", "actor", "action", "entity", "payload", "prev_hash", "hash")
                        .values(SQLBind(seq), SQLBind("2025-01-01T00:00:00.000Z"), SQLBind("admin"), SQLBind("organization.put"), SQLBind(entity),
                                SQLBind("{}"), SQLBind(p), SQLBind(h)).run()
                }
                try await db.update("audit_head").set("seq", to: SQLBind(Int64(3))).set("hash", to: SQLBind(head)).where("id", .equal, SQLBind(1)).run()
                // Older data that no entry describes at all (an older log covered only itself).
                try await db.insert(into: "services").columns("id", "passport", "updated_at").values(SQLBind("svc"), SQLBind("{}"), SQLBind("x")).run()
                try await db.insert(into: "applications")
                    .columns("id", "service", "provider", "channel", "applicant", "queue_position", "submitted_epoch", "created_at")
                    .values(SQLBind("A-OLD"), SQLBind("svc"), SQLBind("old-1"), SQLBind("paper"), SQLBind(String?.none), SQLBind(Int64(3)),
                            SQLBind(Int64(1_700_000_000)), SQLBind("x")).run()
                for (seq, type) in [(1, "submitted"), (2, "registered")] {
                    try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                        .values(SQLBind("A-OLD"), SQLBind(seq), SQLBind(type), SQLBind(Int64(1_700_000_000 + seq - 1)), SQLBind("{}"), SQLBind("x"),
                                SQLBind("x")).run()
                }
            }
            #expect(try await !Audit.isAnchored(t.database))
            guard case .broken(1, let reason) = try await Audit.verify(t.database) else { Issue.record("an unanchored log verified"); return }
            #expect(reason.contains("anchor"))
            #expect(try await Audit.anchor(t.database) == 3)
            #expect(try await Audit.isAnchored(t.database))
            let n = Int64(try await t.count("audit_log"))
            #expect(n > 3)
            #expect(try await Audit.verify(t.database) == .whole(entries: n))
            await #expect(throws: StorageError.self) { try await Audit.anchor(t.database) }
            // From now on the old rows are held to what the anchor recorded.
            try await t.behindTheBack { db in try await db.update("organizations").set("name", to: SQLBind("Renamed")).where("id", .equal, SQLBind("old-2")).run() }
            Self.expectMismatch(try await Audit.verify(t.database), "organizations", "old-2", "edited")
            try await t.behindTheBack { db in
                try await db.update("organizations").set("name", to: SQLBind("Old")).where("id", .equal, SQLBind("old-2")).run()
                try await db.update("events").set("type", to: SQLBind("refused")).where("application", .equal, SQLBind("A-OLD")).where("seq", .equal, SQLBind(2)).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "events", "A-OLD/2", "edited")
            // And the store continues the anchored log: new events of the old application follow the anchored ones.
            try await t.behindTheBack { db in
                try await db.update("events").set("type", to: SQLBind("registered")).where("application", .equal, SQLBind("A-OLD")).where("seq", .equal, SQLBind(2)).run()
            }
            try await t.appendEvents("A-OLD", [FreshDB.event("result_issued", 1_700_100_000)])
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        }
    }

    @Test("anchoring a log whose entries already list their rows (MACs lost with the key) states the rows afresh",
          arguments: Backend.available)
    func reanchor(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await Self.populated(t)
            try await t.store.deleteSession(idHash: "session-1", actor: "clerk")
            try await t.behindTheBack { db in try await db.update("audit_log").set("mac", to: SQLBind("")).run() }
            #expect(try await !Audit.isAnchored(t.database))
            try await Audit.anchor(t.database)
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
            try await t.appendEvents("A-2", [FreshDB.event("result_issued", 1_741_400_000)])
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
            try await t.behindTheBack { db in
                try await db.delete(from: "events").where("application", .equal, SQLBind("A-2")).where("seq", .equal, SQLBind(1)).run()
            }
            Self.expectMismatch(try await Audit.verify(t.database), "events", "A-2/1", "deleted")
        }
    }
}
