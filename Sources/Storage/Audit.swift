import Crypto
import Foundation
import SQLKit

/// The audit log: every write is an entry in an append-only log chained by SHA-256 — each entry's hash
/// covers the previous entry's hash and the entry's own fields, so editing, deleting or reordering any
/// entry breaks the chain from there on. `audit_head` holds the last (seq, hash); on PostgreSQL it is read
/// `FOR UPDATE`, which serialises appends across connections and processes. The database's writer
/// (`WriteQueue`) also chains many entries in memory from the head it read under that lock and writes them
/// at once (`entry(after:)`, `insert`).
public enum Audit {
    public static let genesis = String(repeating: "0", count: 64)

    public struct Entry: Sendable, Hashable {
        public var seq: Int64
        public var at: String
        public var actor: String
        public var action: String
        public var entity: String
        public var payload: String
        public var prevHash: String
        public var hash: String
    }

    static func digest(seq: Int64, at: String, actor: String, action: String, entity: String, payload: String, prev: String) -> String {
        var h = SHA256()
        let separator: [UInt8] = [0x1F]  // unit separator: no two field lists hash alike
        for var part in [prev, String(seq), at, actor, action, entity, payload] {
            part.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            separator.withUnsafeBytes { h.update(bufferPointer: $0) }
        }
        return hex(h.finalize())
    }

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
    static func entry(after head: (seq: Int64, hash: String), at: String, actor: String, action: String, entity: String, payload: String) -> Entry {
        let seq = head.seq + 1
        return Entry(seq: seq, at: at, actor: actor, action: action, entity: entity, payload: payload, prevHash: head.hash,
                     hash: digest(seq: seq, at: at, actor: actor, action: action, entity: entity, payload: payload, prev: head.hash))
    }

    static let columns = ["seq", "at", "actor", "action", "entity", "payload", "prev_hash", "hash"]

    /// Writes entries chained by `entry(after:)` (in order, the first following the stored head) and moves the
    /// head to the last one, in a few multi-row statements.
    static func insert(_ db: any SQLDatabase, _ entries: [Entry]) async throws {
        guard let last = entries.last else { return }
        for chunk in stride(from: 0, to: entries.count, by: 500) {
            let insert = db.insert(into: "audit_log").columns("seq", "at", "actor", "action", "entity", "payload", "prev_hash", "hash")
            for e in entries[chunk..<min(chunk + 500, entries.count)] {
                insert.values(SQLBind(e.seq), SQLBind(e.at), SQLBind(e.actor), SQLBind(e.action), SQLBind(e.entity), SQLBind(e.payload),
                              SQLBind(e.prevHash), SQLBind(e.hash))
            }
            try await insert.run()
        }
        try await db.update("audit_head").set("seq", to: SQLBind(last.seq)).set("hash", to: SQLBind(last.hash)).where("id", .equal, SQLBind(1)).run()
    }

    /// Appends an entry inside the caller's transaction.
    @discardableResult
    public static func append(_ db: any SQLDatabase, actor: String, action: String, entity: String, payload: String) async throws -> Int64 {
        let e = entry(after: try await head(db, lock: true), at: Clock.nowISO(), actor: actor, action: action, entity: entity, payload: payload)
        try await insert(db, [e])
        return e.seq
    }

    public enum Verdict: Sendable, Equatable {
        case whole(entries: Int64)
        case broken(seq: Int64, reason: String)
    }

    /// Walks the chain in order, in one consistent snapshot; names the first entry that does not hold —
    /// including an entry beyond the chain's head (appended behind the log's back).
    public static func verify(_ database: Database) async throws -> Verdict {
        try await database.readSnapshot { db in
            guard let head = try await db.select().columns("seq", "hash").from("audit_head").where("id", .equal, SQLBind(1)).first() else {
                return .broken(seq: 0, reason: "the chain's head (audit_head) is missing")
            }
            let headSeq = try head.decode(column: "seq", as: Int64.self), headHash = try head.decode(column: "hash", as: String.self)
            var expectedPrev = genesis
            var expectedSeq: Int64 = 1
            var last: Int64 = 0
            let page = 5000
            while true {
                let rows = try await db.select().columns("seq", "at", "actor", "action", "entity", "payload", "prev_hash", "hash")
                    .from("audit_log").where("seq", .greaterThan, SQLBind(last)).orderBy("seq").limit(page).all()
                for r in rows {
                    let seq = try r.decode(column: "seq", as: Int64.self)
                    last = seq
                    if seq > headSeq { return .broken(seq: seq, reason: "it lies beyond the chain's head (entry \(headSeq)): appended behind the log's back") }
                    guard seq == expectedSeq else { return .broken(seq: seq, reason: "entry \(expectedSeq) is missing before it: entries were removed or renumbered") }
                    let prev = try r.decode(column: "prev_hash", as: String.self)
                    guard prev == expectedPrev else { return .broken(seq: seq, reason: "its prev_hash does not match the previous entry's hash") }
                    let hash = try r.decode(column: "hash", as: String.self)
                    let recomputed = digest(seq: seq, at: try r.decode(column: "at", as: String.self),
                                            actor: try r.decode(column: "actor", as: String.self),
                                            action: try r.decode(column: "action", as: String.self),
                                            entity: try r.decode(column: "entity", as: String.self),
                                            payload: try r.decode(column: "payload", as: String.self), prev: prev)
                    guard recomputed == hash else { return .broken(seq: seq, reason: "its content does not match its hash (the entry was altered)") }
                    expectedPrev = hash
                    expectedSeq += 1
                }
                if rows.count < page { break }
            }
            if headSeq != expectedSeq - 1 || headHash != expectedPrev {
                return .broken(seq: expectedSeq, reason: "the chain's head (entry \(headSeq)) does not match the last entry (\(expectedSeq - 1)): entries were removed from the end")
            }
            return .whole(entries: expectedSeq - 1)
        }
    }
}
