import Foundation
import JSONKit
import SQLKit

extension Audit {
    public enum Verdict: Sendable, Equatable {
        case whole(entries: Int64)
        /// The chain does not hold at entry `seq` (or, with a checkpoint, the log no longer contains it).
        case broken(seq: Int64, reason: String)
        /// The chain holds, but a table differs from what the log's entries wrote: the row `key` of `table`,
        /// last written by entry `seq` (nil: no entry wrote it).
        case rowMismatch(table: String, key: String, seq: Int64?, reason: String)
    }

    /// A chain head to keep outside the database (`rasim audit checkpoint`): `verify(checkpoint:)` fails when
    /// the log no longer contains entry `seq` with this `hash`. `mac` (HMAC of both under the audit key) shows
    /// the checkpoint itself was made by a holder of the key.
    public struct Checkpoint: Sendable, Equatable {
        public var seq: Int64
        public var hash: String
        public var mac: String

        public init(seq: Int64, hash: String, mac: String) { self.seq = seq; self.hash = hash; self.mac = mac }

        static func mac(_ key: AuditKey, seq: Int64, hash: String) -> String { key.mac("rasim-audit-checkpoint", String(seq), hash) }

        /// One JSON line: `{"seq": 42, "hash": "…", "mac": "…"}`.
        public var json: String { "{\"seq\": \(seq), \"hash\": \(JSONText.string(hash)), \"mac\": \(JSONText.string(mac))}" }

        public static func parse(_ text: String) throws(StorageError) -> Checkpoint {
            guard let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let seq = (o["seq"] as? NSNumber)?.int64Value, let hash = o["hash"] as? String, let mac = o["mac"] as? String,
                  seq >= 0, hash.utf8.count == 64, mac.utf8.count == 64 else {
                throw StorageError.rule("a checkpoint is one JSON object {\"seq\": N, \"hash\": 64 hex digits, \"mac\": 64 hex digits}, as `rasim audit checkpoint` prints it")
            }
            return Checkpoint(seq: seq, hash: hash, mac: mac)
        }
    }

    /// The chain's head as a checkpoint, after checking that the head is the last entry and that entry's MAC.
    public static func checkpoint(_ database: Database) async throws -> Checkpoint {
        guard let key = database.auditKey else { throw StorageError.cannotOpen("a checkpoint needs the audit key") }
        return try await database.readSnapshot { db in
            let head = try await Audit.head(db, lock: false)
            if head.seq > 0 {
                guard let r = try await db.select().columns("hash", "mac").from("audit_log").where("seq", .equal, SQLBind(head.seq)).first(),
                      try r.decode(column: "hash", as: String.self) == head.hash,
                      try r.decode(column: "mac", as: String.self) == Audit.mac(key, hash: head.hash) else {
                    throw StorageError.corrupt("the chain's head (entry \(head.seq)) is not a whole entry of the log made with this key: run `rasim audit verify`")
                }
            }
            return Checkpoint(seq: head.seq, hash: head.hash, mac: Checkpoint.mac(key, seq: head.seq, hash: head.hash))
        }
    }

    /// What the log says the tables hold, replayed from its entries' effects.
    struct Expected {
        struct Row { var digest: Ledger.Digest; var seq: Int64 }
        struct Events { var count = 0; var chain = Ledger.Digest.zero; var seq: Int64 = 0 }
        var rows: [String: [String: Row]] = [:]
        var events: [String: Events] = [:]

        /// Applies one entry's effects; the reason when they cannot be applied.
        mutating func apply(_ effects: [Ledger.Effect], seq: Int64) -> String? {
            for e in effects {
                guard let table = Ledger.table(named: e.table), e.key.count == table.key.count else {
                    return "its effects name an unknown table or key (\(e.table))"
                }
                switch e.change {
                case .put(let d) where table.name != "events":
                    rows[table.name, default: [:]][Ledger.keyText(e.key)] = Row(digest: d, seq: seq)
                case .delete where table.name != "events":
                    rows[table.name]?[Ledger.keyText(e.key)] = nil
                case .events(let ds) where table.name == "events":
                    guard case .text(let app) = e.key[0] else { return "its effects name an events key that is not an application" }
                    var x = events[app] ?? Events()
                    for d in ds { x.chain = x.chain.chained(d); x.count += 1 }
                    x.seq = seq
                    events[app] = x
                default:
                    return "its effects change \(e.table) in a way no write does"
                }
            }
            return nil
        }
    }

    private struct Stop: Error { let verdict: Verdict }

    /// Walks the chain in order, in one consistent snapshot, and names the first entry that does not hold —
    /// including an entry beyond the chain's head (appended behind the log's back), an entry whose MAC is not
    /// the database key's, and (with `checkpoint`) a log that no longer contains the checkpoint's entry. Then
    /// compares the tables with the rows the entries' effects say exist (`Ledger`) and names the first row
    /// edited, deleted or added behind the log's back.
    ///
    /// Streaming: the log and the tables are read a page at a time; what is kept in memory is one digest per
    /// application (its events folded in order) and one per row of the other tables — not the events or the
    /// entries.
    public static func verify(_ database: Database, checkpoint: Checkpoint? = nil) async throws -> Verdict {
        guard let key = database.auditKey else { throw StorageError.cannotOpen("verifying the audit log needs its key") }
        if let checkpoint, checkpoint.mac != Checkpoint.mac(key, seq: checkpoint.seq, hash: checkpoint.hash) {
            return .broken(seq: checkpoint.seq, reason: "the checkpoint was not made with this audit key (or it was edited)")
        }
        return try await Ledger.$moduleTables.withValue(database.schemas.flatMap(\.ledgerTables)) { try await verifySnapshot(database, key: key, checkpoint: checkpoint) }
    }

    private static func verifySnapshot(_ database: Database, key: AuditKey, checkpoint: Checkpoint?) async throws -> Verdict {
        try await database.readSnapshot { db in
            guard let head = try await db.select().columns("seq", "hash").from("audit_head").where("id", .equal, SQLBind(1)).first() else {
                return .broken(seq: 0, reason: "the chain's head (audit_head) is missing")
            }
            let headSeq = try head.decode(column: "seq", as: Int64.self), headHash = try head.decode(column: "hash", as: String.self)
            var expectedPrev = genesis
            var expectedSeq: Int64 = 1
            var last: Int64 = 0
            var state = Expected()
            var lastAction = ""
            let page = 5000
            while true {
                let rows = try await db.select().columns(Audit.columns)
                    .from("audit_log").where("seq", .greaterThan, SQLBind(last)).orderBy("seq").limit(page).all()
                for r in rows {
                    let seq = try r.decode(column: "seq", as: Int64.self)
                    last = seq
                    if seq > headSeq { return .broken(seq: seq, reason: "it lies beyond the chain's head (entry \(headSeq)): appended behind the log's back") }
                    guard seq == expectedSeq else { return .broken(seq: seq, reason: "entry \(expectedSeq) is missing before it: entries were removed or renumbered") }
                    let prev = try r.decode(column: "prev_hash", as: String.self)
                    guard prev == expectedPrev else { return .broken(seq: seq, reason: "its prev_hash does not match the previous entry's hash") }
                    let hash = try r.decode(column: "hash", as: String.self)
                    let effects = try r.decode(column: "effects", as: String.self)
                    let recomputed = digest(seq: seq, at: try r.decode(column: "at", as: String.self),
                                            actor: try r.decode(column: "actor", as: String.self),
                                            action: try r.decode(column: "action", as: String.self),
                                            entity: try r.decode(column: "entity", as: String.self),
                                            payload: try r.decode(column: "payload", as: String.self), effects: effects, prev: prev)
                    guard recomputed == hash else { return .broken(seq: seq, reason: "its content does not match its hash (the entry was altered)") }
                    let mac = try r.decode(column: "mac", as: String.self)
                    if mac.isEmpty {
                        return .broken(seq: seq, reason: "it has no MAC: it was written before the audit key and the log was never anchored (rasim audit anchor)")
                    }
                    guard mac == Audit.mac(key, hash: hash) else {
                        return .broken(seq: seq, reason: "its MAC does not match: the entry was rewritten by someone without the audit key (or this is not the key the log was written with)")
                    }
                    if let checkpoint, checkpoint.seq == seq, checkpoint.hash != hash {
                        return .broken(seq: seq, reason: "it is not the entry the checkpoint recorded: the log was rewritten after the checkpoint")
                    }
                    guard let list = Ledger.parse(effects) else { return .broken(seq: seq, reason: "its effects cannot be read") }
                    // An anchoring (a run of `audit.anchor` entries) states the rows as found: what entries before
                    // it said no longer counts.
                    let action = try r.decode(column: "action", as: String.self)
                    if action == "audit.anchor", lastAction != "audit.anchor" { state = Expected() }
                    lastAction = action
                    if let reason = state.apply(list, seq: seq) { return .broken(seq: seq, reason: reason) }
                    expectedPrev = hash
                    expectedSeq += 1
                }
                if rows.count < page { break }
            }
            if headSeq != expectedSeq - 1 || headHash != expectedPrev {
                return .broken(seq: expectedSeq, reason: "the chain's head (entry \(headSeq)) does not match the last entry (\(expectedSeq - 1)): entries were removed from the end")
            }
            if let checkpoint, checkpoint.seq > expectedSeq - 1 {
                return .broken(seq: expectedSeq, reason: "the log ends at entry \(expectedSeq - 1), before the checkpoint's entry \(checkpoint.seq): entries were deleted from the end and the head rewound")
            }
            do {
                try await compare(db, state)
            } catch let stop as Stop {
                return stop.verdict
            }
            return .whole(entries: expectedSeq - 1)
        }
    }

    /// Compares the tables with `state`; throws `Stop` naming the first row that differs.
    private static func compare(_ db: any SQLDatabase, _ state: Expected) async throws {
        // Events, per application in (application, seq) order, each folded as the log folded it; and each
        // application's last `submitted` time, which its row's `submitted_epoch` must equal.
        var events = state.events
        var submitted: [String: Int64] = [:]
        var current: String? = nil
        var folded = Expected.Events()
        var bad: String? = nil
        func finish() {
            guard let app = current, bad == nil else { return }
            let expected = events.removeValue(forKey: app) ?? Expected.Events()
            if expected.count != folded.count || expected.chain != folded.chain { bad = app }
        }
        do {
            try await Ledger.scan(db, Ledger.events) { r in
                let app = try r.decode(column: "application", as: String.self)
                if app != current {
                    finish()
                    if bad != nil { throw Stop(verdict: .whole(entries: 0)) }
                    current = app
                    folded = Expected.Events()
                }
                folded.chain = folded.chain.chained(try Ledger.digest(Ledger.events, r))
                folded.count += 1
                if try r.decode(column: "type", as: String.self) == "submitted" { submitted[app] = try r.decode(column: "at_epoch", as: Int64.self) }
            }
            finish()
        } catch is Stop {}
        if bad == nil, let gone = events.filter({ $0.value.count > 0 }).min(by: { $0.value.seq < $1.value.seq }) { bad = gone.key }
        if let bad { throw Stop(verdict: try await locateEvent(db, application: bad)) }

        for table in Ledger.keyed {
            var expected = state.rows[table.name] ?? [:]
            let isApplications = table.name == Ledger.applications.name
            try await Ledger.scan(db, table, extra: isApplications ? ["submitted_epoch"] : []) { r in
                let key = Ledger.keyText(try Ledger.key(table, r))
                let d = try Ledger.digest(table, r)
                guard let e = expected.removeValue(forKey: key) else {
                    throw Stop(verdict: .rowMismatch(table: table.name, key: key, seq: nil,
                                                     reason: "no audited write produced this row: it was added behind the log's back"))
                }
                guard e.digest == d else {
                    throw Stop(verdict: .rowMismatch(table: table.name, key: key, seq: e.seq,
                                                     reason: "the row differs from what entry \(e.seq) wrote: it was edited behind the log's back"))
                }
                if isApplications {
                    let stored = try r.decode(column: "submitted_epoch", as: Int64?.self)
                    if stored != submitted[key] {
                        throw Stop(verdict: .rowMismatch(table: table.name, key: key, seq: e.seq,
                                                         reason: "its submitted_epoch (\(stored.map(String.init) ?? "NULL")) is not the time of its last submitted event (\(submitted[key].map(String.init) ?? "none")): it was edited behind the log's back"))
                    }
                }
            }
            if let gone = expected.min(by: { $0.value.seq < $1.value.seq }) {
                throw Stop(verdict: .rowMismatch(table: table.name, key: gone.key, seq: gone.value.seq,
                                                 reason: "entry \(gone.value.seq) wrote this row, but it is missing: it was deleted behind the log's back"))
            }
        }
    }

    /// Names the first event of `application` that differs from the log (a failure path: reads the log again
    /// for that application's effects).
    private static func locateEvent(_ db: any SQLDatabase, application: String) async throws -> Verdict {
        var expected: [Int64: (digest: Ledger.Digest, seq: Int64)] = [:]
        var last: Int64 = 0, lastAction = ""
        while true {
            let rows = try await db.select().columns("seq", "action", "effects").from("audit_log").where("seq", .greaterThan, SQLBind(last))
                .orderBy("seq").limit(5000).all()
            for r in rows {
                let seq = try r.decode(column: "seq", as: Int64.self)
                last = seq
                let action = try r.decode(column: "action", as: String.self)
                if action == "audit.anchor", lastAction != "audit.anchor" { expected.removeAll() }
                lastAction = action
                for e in Ledger.parse(try r.decode(column: "effects", as: String.self)) ?? [] {
                    guard e.table == "events", e.key.first == .text(application), case .int(let first) = e.key.last, case .events(let ds) = e.change
                    else { continue }
                    for (i, d) in ds.enumerated() { expected[first + Int64(i)] = (d, seq) }
                }
            }
            if rows.count < 5000 { break }
        }
        var actual: [Int64: Ledger.Digest] = [:]
        for r in try await db.select().columns(Ledger.events.columnNames).from("events").where("application", .equal, SQLBind(application)).all() {
            actual[try r.decode(column: "seq", as: Int64.self)] = try Ledger.digest(Ledger.events, r)
        }
        for n in Set(expected.keys).union(actual.keys).sorted() {
            let key = "\(application)/\(n)"
            switch (expected[n], actual[n]) {
            case (nil, _?):
                return .rowMismatch(table: "events", key: key, seq: nil, reason: "no audited write produced this event: it was added behind the log's back")
            case (let e?, nil):
                return .rowMismatch(table: "events", key: key, seq: e.seq,
                                    reason: "entry \(e.seq) wrote this event, but it is missing: it was deleted behind the log's back")
            case (let e?, let d?) where e.digest != d:
                return .rowMismatch(table: "events", key: key, seq: e.seq,
                                    reason: "the event differs from what entry \(e.seq) wrote: it was edited behind the log's back")
            default: continue
            }
        }
        return .rowMismatch(table: "events", key: application, seq: nil, reason: "the events of this application differ from the log's")
    }

    // MARK: anchoring a log from before keys

    /// Whether the log's entries carry MACs (a log from before audit keys does not until it is anchored).
    public static func isAnchored(_ database: Database) async throws -> Bool {
        try await database.read { db in
            guard let first = try await db.select().column("mac").from("audit_log").where("seq", .equal, SQLBind(Int64(1))).first() else { return true }
            return try !first.decode(column: "mac", as: String.self).isEmpty
        }
    }

    /// Whether `key` is the one the log is signed with, checked on its latest entry that carries a MAC; nil when none
    /// does yet (a new log, or one from before audit keys).
    public static func isSigned(with key: AuditKey, _ database: Database) async throws -> Bool? {
        try await database.read { db in
            guard let row = try await db.select().columns("hash", "mac").from("audit_log").where("mac", .notEqual, SQLBind(""))
                .orderBy("seq", .descending).limit(1).first() else { return nil }
            return try row.decode(column: "mac", as: String.self) == Audit.mac(key, hash: try row.decode(column: "hash", as: String.self))
        }
    }

    /// Anchors a log written before audit keys to the database's key, in one write: checks the SHA-256 chain
    /// (refusing a broken one), gives every entry its MAC, then appends `audit.anchor` entries whose effects
    /// record every row of the audited tables as found — from then on `verify` holds the data to that state.
    /// Returns the number of entries that got a MAC.
    @discardableResult
    public static func anchor(_ database: Database) async throws -> Int64 {
        try await database.write { db in
            let key = try requireKey()
            let head = try await Audit.head(db, lock: true)
            var expectedPrev = genesis, expectedSeq: Int64 = 1, last: Int64 = 0, anchored: Int64 = 0
            while true {
                let rows = try await db.select().columns(Audit.columns).from("audit_log").where("seq", .greaterThan, SQLBind(last))
                    .orderBy("seq").limit(5000).all()
                for r in rows {
                    let seq = try r.decode(column: "seq", as: Int64.self)
                    last = seq
                    let prev = try r.decode(column: "prev_hash", as: String.self), hash = try r.decode(column: "hash", as: String.self)
                    let recomputed = digest(seq: seq, at: try r.decode(column: "at", as: String.self), actor: try r.decode(column: "actor", as: String.self),
                                            action: try r.decode(column: "action", as: String.self), entity: try r.decode(column: "entity", as: String.self),
                                            payload: try r.decode(column: "payload", as: String.self),
                                            effects: try r.decode(column: "effects", as: String.self), prev: prev)
                    guard seq == expectedSeq, prev == expectedPrev, recomputed == hash else {
                        throw StorageError.corrupt("the audit chain is broken at entry \(seq): it cannot be anchored")
                    }
                    let mac = try r.decode(column: "mac", as: String.self)
                    if mac.isEmpty {
                        try await db.update("audit_log").set("mac", to: SQLBind(Audit.mac(key, hash: hash))).where("seq", .equal, SQLBind(seq)).run()
                        anchored += 1
                    } else if seq == 1 {
                        throw StorageError.conflict("the audit log is already anchored")
                    } else if mac != Audit.mac(key, hash: hash) {
                        throw StorageError.corrupt("entry \(seq) has a MAC of another key: the log cannot be anchored")
                    }
                    expectedPrev = hash
                    expectedSeq += 1
                }
                if rows.count < 5000 { break }
            }
            guard head.seq == expectedSeq - 1, head.hash == expectedPrev else {
                throw StorageError.corrupt("the chain's head does not match the last entry: the log cannot be anchored")
            }
            // The rows as found, 1000 effects an entry (events: one effect per application, all its events).
            func record(_ table: String, _ found: [Ledger.Effect]) async throws {
                for chunk in stride(from: 0, to: found.count, by: 1000) {
                    let some = Array(found[chunk..<min(chunk + 1000, found.count)])
                    try await Audit.append(db, actor: "rasim", action: "audit.anchor", entity: "table:\(table)",
                                           payload: "{\"rows\":\(some.count)}", effects: some)
                }
            }
            var found: [Ledger.Effect] = []
            var application: [Store.EventRow] = []
            func endApplication() {
                if let first = application.first { found.append(Ledger.events(first.application, firstSeq: first.seq, application)) }
                application.removeAll()
            }
            try await Ledger.scan(db, Ledger.events) { r in
                let e = try Store.eventRow(r)
                if e.application != application.first?.application { endApplication() }
                application.append(e)
            }
            endApplication()
            try await record("events", found)
            for table in Ledger.keyed {
                found = []
                try await Ledger.scan(db, table) { r in
                    found.append(Ledger.Effect(table: table.name, key: try Ledger.key(table, r), change: .put(try Ledger.digest(table, r))))
                }
                try await record(table.name, found)
            }
            return anchored
        }
    }
}
