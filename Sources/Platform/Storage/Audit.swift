import Crypto
import Foundation
import SQLKit

/// The audit log: every write is an entry in an append-only log chained by SHA-256 — each entry's hash
/// covers the previous entry's hash and the entry's own fields, so editing, deleting or reordering any
/// entry breaks the chain from there on. `audit_head` holds the last (seq, hash); on PostgreSQL it is read
/// `FOR UPDATE`, which serialises appends across connections and processes. The database's writer
/// (`WriteQueue`) also chains many entries in memory from the head it read under that lock and writes them
/// at once (`entry(after:)`, `insert`).
///
/// Three things make the log cover more than itself (issue 11 §3):
/// - **Effects**: each entry lists the rows its write left behind (`Ledger`), and its hash covers that list,
///   so `verify` can replay the log into the set of rows that must exist and compare it with the tables.
/// - **MAC**: each entry carries `mac` = HMAC-SHA256(key, "rasim-audit-entry", hash) with a key kept outside the
///   database (`AuditKey`). Recomputing the chain after an edit needs the key; without it the first rewritten
///   entry's MAC fails. The writer holds the key (`Database.open(…, auditKey:)`); an audited write without it fails.
/// - **Checkpoints**: `checkpoint` gives the head (seq, hash, and a MAC of both) to keep outside the database;
///   `verify(checkpoint:)` fails when the log no longer contains that entry as it was (tail deleted and head
///   rewound, or the log rewritten) — the one tampering a MAC per entry cannot show by itself.
///
/// Databases from before keys (migration 2 adds `effects` and `mac`, empty for old entries) are *anchored*
/// once (`anchor`): the SHA-256 chain is checked, every entry gets its MAC, and `audit.anchor` entries record
/// the rows as found (verify's replay starts afresh at an anchoring: it vouches for the data as it was then). Anchoring is done by the command that creates the key (so an attacker who can write
/// the database but not the key file cannot trigger it again to launder an edit) or by `rasim audit anchor`.
/// A stored "MACs start at entry N" marker was not chosen: it would live in the database, and moving it past
/// the head would switch the MAC off.
public enum Audit {
    public static let genesis = String(repeating: "0", count: 64)

    /// What a record's history shows of each write to it: when, who, what.
    public struct Trail: Sendable, Hashable {
        public var seq: Int64, at: String, actor: String, action: String
    }

    public struct Entry: Sendable, Hashable {
        public var seq: Int64
        public var at: String
        public var actor: String
        public var action: String
        public var entity: String
        public var payload: String
        /// The rows the write left behind (`Ledger`), as JSON; empty when none (and for entries from before effects).
        public var effects: String
        public var prevHash: String
        public var hash: String
        /// HMAC-SHA256 of `hash` under the audit key (empty for entries from before keys, until anchored).
        public var mac: String
    }

    /// The entry's hash: SHA-256 over prev_hash, seq, at, actor, action, entity, payload — and effects when not
    /// empty — each followed by the unit separator 0x1F; lowercase hex. (Without effects, the rule of entries
    /// written before effects existed.)
    static func digest(seq: Int64, at: String, actor: String, action: String, entity: String, payload: String, effects: String = "",
                       prev: String) -> String {
        var h = SHA256()
        let separator: [UInt8] = [0x1F]  // unit separator: no two field lists hash alike
        var parts = [prev, String(seq), at, actor, action, entity, payload]
        if !effects.isEmpty { parts.append(effects) }
        for var part in parts {
            part.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            separator.withUnsafeBytes { h.update(bufferPointer: $0) }
        }
        return hex(h.finalize())
    }

    static func mac(_ key: AuditKey, hash: String) -> String { key.mac("rasim-audit-entry", hash) }

    /// The key of the write running now: set by the database's writer (`WriteQueue`) around each group.
    @TaskLocal static var writerKey: AuditKey?

    /// Lowercase hex of a digest (by hand: `String(format:)` per byte showed in the ingest profile).
    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0F)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The chain's head (seq, hash), read inside the caller's transaction; `lock` holds it until COMMIT on
    /// PostgreSQL (SQLite's writer already holds the database's write lock).
    static func head(_ db: any SQLDatabase, lock: Bool) async throws -> (seq: Int64, hash: String) {
        let q = db.select().columns("seq", "hash").from("audit_head").where("id", .equal, SQLBind(1))
        if lock { q.for(.update) }
        guard let head = try await q.first() else { throw StorageError.corrupt("audit_head is missing") }
        return (try head.decode(column: "seq", as: Int64.self), try head.decode(column: "hash", as: String.self))
    }

    /// The entry that follows `head` (not yet written): what `append` writes, for writers that chain many
    /// entries in memory and write them together with `insert`.
    static func entry(after head: (seq: Int64, hash: String), at: String, actor: String, action: String, entity: String, payload: String,
                      effects: String, key: AuditKey) -> Entry {
        let seq = head.seq + 1
        let hash = digest(seq: seq, at: at, actor: actor, action: action, entity: entity, payload: payload, effects: effects, prev: head.hash)
        return Entry(seq: seq, at: at, actor: actor, action: action, entity: entity, payload: payload, effects: effects, prevHash: head.hash,
                     hash: hash, mac: mac(key, hash: hash))
    }

    static let columns = ["seq", "at", "actor", "action", "entity", "payload", "effects", "prev_hash", "hash", "mac"]

    /// Writes entries chained by `entry(after:)` (in order, the first following the stored head) and moves the
    /// head to the last one, in a few multi-row statements.
    static func insert(_ db: any SQLDatabase, _ entries: [Entry]) async throws {
        guard let last = entries.last else { return }
        for chunk in stride(from: 0, to: entries.count, by: 500) {
            let insert = db.insert(into: "audit_log").columns(columns)
            for e in entries[chunk..<min(chunk + 500, entries.count)] {
                insert.values(SQLBind(e.seq), SQLBind(e.at), SQLBind(e.actor), SQLBind(e.action), SQLBind(e.entity), SQLBind(e.payload),
                              SQLBind(e.effects), SQLBind(e.prevHash), SQLBind(e.hash), SQLBind(e.mac))
            }
            try await insert.run()
        }
        try await db.update("audit_head").set("seq", to: SQLBind(last.seq)).set("hash", to: SQLBind(last.hash)).where("id", .equal, SQLBind(1)).run()
    }

    static func requireKey() throws -> AuditKey {
        guard let key = writerKey else {
            throw StorageError.cannotOpen("an audited write needs the audit key: open the database with Database.open(url:auditKey:)")
        }
        return key
    }

    /// Appends an entry inside the caller's transaction (a write of the database's writer, which holds the key).
    @discardableResult
    static func append(_ db: any SQLDatabase, actor: String, action: String, entity: String, payload: String,
                       effects: [Ledger.Effect]) async throws -> Int64 {
        let key = try requireKey()
        let e = entry(after: try await head(db, lock: true), at: Clock.nowISO(), actor: actor, action: action, entity: entity, payload: payload,
                      effects: Ledger.json(effects), key: key)
        try await insert(db, [e])
        return e.seq
    }

    /// Appends an entry inside the caller's transaction for a write that put or deleted the rows `wrote` (table and
    /// text key of each, e.g. `("organizations", ["akimat-abai"])`): they are read back and recorded as its effects.
    @discardableResult
    public static func append(_ db: any SQLDatabase, actor: String, action: String, entity: String, payload: String,
                              wrote rows: [(table: String, key: [String])]) async throws -> Int64 {
        var effects: [Ledger.Effect] = []
        for (name, key) in rows {
            guard let table = Ledger.table(named: name), name != Ledger.events.name, table.key.count == key.count else {
                throw StorageError.rule("\(name) is not an audited table with a key of \(key.count) text column(s)")
            }
            let q = db.select().columns(table.columnNames).from(table.name)
            for (column, value) in zip(table.key, key) { q.where(SQLIdentifier(column), .equal, SQLBind(value)) }
            let values = key.map(Ledger.Value.text)
            if let row = try await q.first() {
                effects.append(Ledger.Effect(table: name, key: values, change: .put(try Ledger.digest(table, row))))
            } else {
                effects.append(Ledger.Effect(table: name, key: values, change: .delete))
            }
        }
        return try await append(db, actor: actor, action: action, entity: entity, payload: payload, effects: effects)
    }

    /// Appends an entry that produced no rows (e.g. a refused attempt) inside the caller's transaction.
    @discardableResult
    public static func append(_ db: any SQLDatabase, actor: String, action: String, entity: String, payload: String) async throws -> Int64 {
        try await append(db, actor: actor, action: action, entity: entity, payload: payload, effects: [])
    }
}
