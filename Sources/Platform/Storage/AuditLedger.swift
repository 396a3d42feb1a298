import Crypto
import Foundation
import JSONKit
import SQLKit

/// What the audit log vouches for besides itself: the rows of the audited tables.
///
/// Every audited write records, in its entry's `effects` (covered by the entry's hash and so by its MAC), a
/// digest of each row it left behind — read back inside the write's transaction, or for events computed from
/// the very values inserted — or that it deleted a row. Replaying the effects in log order gives, per table,
/// the set of rows that must exist and their digests; `Audit.verify` compares that with the tables' content.
/// A row edited, deleted or added behind the log's back is named with its table and key.
///
/// Row digest: the first 128 bits of SHA-256 over the table's name and each covered column in the order below,
/// each as a type tag (`s` text, `i` integer, `n` NULL) and its text, followed by the unit separator 0x1F.
/// Values are decoded with the column's declared type on both backends, so SQLite and PostgreSQL digest alike.
///
/// Effects are a JSON array: `[TABLE, [KEY…], DIGEST]` puts a row, `[TABLE, [KEY…], null]` deletes one, and for
/// events `["events", [APPLICATION, FIRST_SEQ], [DIGEST, …]]` puts the application's events `FIRST_SEQ`,
/// `FIRST_SEQ + 1`, … (one effect per application per write, however many events it appends).
///
/// Covered: every table an audited write touches — organizations, services, officials (absences included),
/// applications (but `submitted_epoch`: it is derived from the events and checked against them), events,
/// users (role included), user_organizations, api_tokens, sessions, risk_inputs, checklists. Not covered: `audit_log`/`audit_head` (the chain itself)
/// and `rasim_migrations` (schema bookkeeping, written by migrations, not by audited writes).
enum Ledger {
    enum Kind: Sendable { case text, optionalText, int, optionalInt }

    struct Table: Sendable {
        let name: String
        let key: [String]
        let columns: [(name: String, kind: Kind)]
        /// Made by a later platform migration: a database not yet migrated has no such table, and holds no row of it.
        var addedLater = false
        var columnNames: [String] { columns.map(\.name) }
        var keyKinds: [Kind] { key.map { k in columns.first { $0.name == k }!.kind } }
    }

    static let organizations = Table(name: "organizations", key: ["id"],
                                     columns: [("id", .text), ("name", .text), ("bin", .optionalText), ("kind", .text), ("created_at", .text)])
    static let services = Table(name: "services", key: ["id"], columns: [("id", .text), ("passport", .text), ("updated_at", .text)])
    static let officials = Table(name: "officials", key: ["id"],
                                 columns: [("id", .text), ("organization", .text), ("name", .text), ("may_sign", .text), ("absences", .text)])
    static let applications = Table(name: "applications", key: ["id"],
                                    columns: [("id", .text), ("service", .text), ("provider", .text), ("channel", .text), ("applicant", .optionalText),
                                              ("queue_position", .optionalInt), ("created_at", .text)])
    static let events = Table(name: "events", key: ["application", "seq"],
                              columns: [("application", .text), ("seq", .int), ("type", .text), ("at_epoch", .int), ("body", .text),
                                        ("recorded_at", .text), ("recorded_by", .text)])
    static let users = Table(name: "users", key: ["id"],
                             columns: [("id", .text), ("username", .text), ("password_hash", .text), ("role", .text), ("official", .optionalText),
                                       ("language", .text), ("created_at", .text)])
    static let userOrganizations = Table(name: "user_organizations", key: ["user_id", "organization"],
                                         columns: [("user_id", .text), ("organization", .text)])
    static let apiTokens = Table(name: "api_tokens", key: ["token_hash"], columns: [("token_hash", .text), ("user_id", .text), ("created_at", .text)])
    static let sessions = Table(name: "sessions", key: ["id_hash"],
                                columns: [("id_hash", .text), ("user_id", .text), ("csrf", .text), ("expires_epoch", .int)])
    // The risk act's two tables were created by the platform's migration 1, before a feature could own a schema.
    // Their coverage stays here: moved to a feature's `ModuleSchema`, a database opened without that schema could
    // no longer verify the rows already in the chain.
    static let riskInputs = Table(name: "risk_inputs", key: ["id"],
                                  columns: [("id", .text), ("body", .text), ("result", .text), ("created_at", .text), ("created_by", .text)])
    static let checklists = Table(name: "checklists", key: ["id"],
                                  columns: [("id", .text), ("subject", .text), ("body", .text), ("result", .text), ("created_at", .text),
                                            ("created_by", .text)])

    /// The tables the features' schemas add (`ModuleSchema.auditedTables`) for the database being written or
    /// verified: its writer and `Audit.verify` set them.
    @TaskLocal static var moduleTables: [Table] = []

    /// Every covered table but events (which are checked per application, see `Audit.verify`).
    static var keyed: [Table] { platformKeyed + moduleTables }
    static func table(named name: String) -> Table? { byName[name] ?? moduleTables.first { $0.name == name } }

    /// Where each user's reminders are mailed (migration 6).
    static let userEmails = Table(name: "user_emails", key: ["user_id"], columns: [("user_id", .text), ("email", .text)], addedLater: true)

    /// An organization's name in each language its pages are read in (migration 7).
    static let organizationNames = Table(name: "organization_names", key: ["organization", "lang"],
                                         columns: [("organization", .text), ("lang", .text), ("name", .text)], addedLater: true)

    static let platformKeyed: [Table] = [organizations, services, officials, applications, users, userOrganizations, apiTokens, sessions,
                                 riskInputs, checklists, userEmails, organizationNames]
    static let byName: [String: Table] = Dictionary(uniqueKeysWithValues: (platformKeyed + [events]).map { ($0.name, $0) })

    // MARK: values and digests

    enum Value: Sendable, Hashable {
        case text(String), int(Int64), null
        var bind: SQLBind {
            switch self {
            case .text(let s): return SQLBind(s)
            case .int(let i): return SQLBind(i)
            case .null: return SQLBind(String?.none)
            }
        }
        var json: String {
            switch self {
            case .text(let s): return JSONText.string(s)
            case .int(let i): return String(i)
            case .null: return "null"
            }
        }
        var display: String {
            switch self {
            case .text(let s): return s
            case .int(let i): return String(i)
            case .null: return "NULL"
            }
        }
    }

    static func decode(_ row: any SQLRow, _ column: String, _ kind: Kind) throws -> Value {
        switch kind {
        case .text: return .text(try row.decode(column: column, as: String.self))
        case .int: return .int(try row.decode(column: column, as: Int64.self))
        case .optionalText: return try row.decode(column: column, as: String?.self).map(Value.text) ?? .null
        case .optionalInt: return try row.decode(column: column, as: Int64?.self).map(Value.int) ?? .null
        }
    }

    /// A row digest (128 bits).
    struct Digest: Sendable, Hashable {
        var hi: UInt64, lo: UInt64
        static let zero = Digest(hi: 0, lo: 0)

        init(hi: UInt64, lo: UInt64) { self.hi = hi; self.lo = lo }
        init<D: Sequence>(bytes: D) where D.Element == UInt8 {
            var hi: UInt64 = 0, lo: UInt64 = 0, n = 0
            for b in bytes {
                if n < 8 { hi = hi << 8 | UInt64(b) } else if n < 16 { lo = lo << 8 | UInt64(b) } else { break }
                n += 1
            }
            self.hi = hi; self.lo = lo
        }
        init?(hex: String) {
            guard hex.utf8.count == 32, let hi = UInt64(hex.prefix(16), radix: 16), let lo = UInt64(hex.suffix(16), radix: 16) else { return nil }
            self.hi = hi; self.lo = lo
        }
        var hex: String {
            let h = String(hi, radix: 16), l = String(lo, radix: 16)
            return String(repeating: "0", count: 16 - h.count) + h + String(repeating: "0", count: 16 - l.count) + l
        }
        /// The next link of an application's events: SHA-256 over this link and the event's digest.
        func chained(_ next: Digest) -> Digest {
            var bytes = [UInt8](repeating: 0, count: 32)
            for i in 0..<8 {
                bytes[i] = UInt8(truncatingIfNeeded: hi >> (56 - 8 * i)); bytes[8 + i] = UInt8(truncatingIfNeeded: lo >> (56 - 8 * i))
                bytes[16 + i] = UInt8(truncatingIfNeeded: next.hi >> (56 - 8 * i)); bytes[24 + i] = UInt8(truncatingIfNeeded: next.lo >> (56 - 8 * i))
            }
            return Digest(bytes: SHA256.hash(data: bytes))
        }
    }

    static func digest(_ table: String, _ values: [Value]) -> Digest {
        var h = SHA256()
        func feed(_ s: String) {
            var s = s
            s.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        let separator: [UInt8] = [0x1F]
        feed(table)
        separator.withUnsafeBytes { h.update(bufferPointer: $0) }
        for v in values {
            switch v {
            case .text(let s): feed("s"); feed(s)
            case .int(let i): feed("i"); feed(String(i))
            case .null: feed("n")
            }
            separator.withUnsafeBytes { h.update(bufferPointer: $0) }
        }
        return Digest(bytes: h.finalize())
    }

    static func digest(_ table: Table, _ row: any SQLRow) throws -> Digest {
        digest(table.name, try table.columns.map { try decode(row, $0.name, $0.kind) })
    }

    /// The digest of an events row as written (the same as `digest(events, row)` of the stored row).
    static func digest(_ e: Store.EventRow) -> Digest {
        digest("events", [.text(e.application), .int(Int64(e.seq)), .text(e.type), .int(e.atEpoch), .text(e.body), .text(e.recordedAt),
                          .text(e.recordedBy)])
    }

    static func key(_ table: Table, _ row: any SQLRow) throws -> [Value] {
        try zip(table.key, table.keyKinds).map { try decode(row, $0, $1) }
    }

    /// A key as one string (dictionary key and message text): its parts joined by "/".
    static func keyText(_ key: [Value]) -> String { key.map(\.display).joined(separator: "/") }

    // MARK: effects

    struct Effect: Sendable {
        enum Change: Sendable { case put(Digest), delete, events([Digest]) }
        var table: String
        var key: [Value]
        var change: Change

        var json: String {
            let value: String
            switch change {
            case .put(let d): value = "\"" + d.hex + "\""
            case .delete: value = "null"
            case .events(let ds): value = "[" + ds.map { "\"" + $0.hex + "\"" }.joined(separator: ",") + "]"
            }
            return "[" + JSONText.string(table) + ",[" + key.map(\.json).joined(separator: ",") + "]," + value + "]"
        }
    }

    static func json(_ effects: [Effect]) -> String {
        effects.isEmpty ? "" : "[" + effects.map(\.json).joined(separator: ",") + "]"
    }

    /// Parses an entry's effects; nil when they cannot be read.
    static func parse(_ text: String) -> [Effect]? {
        if text.isEmpty { return [] }
        guard let list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any] else { return nil }
        var out: [Effect] = []
        for item in list {
            guard let e = item as? [Any], e.count == 3, let table = e[0] as? String, let keyParts = e[1] as? [Any] else { return nil }
            var key: [Value] = []
            for k in keyParts {
                if let s = k as? String { key.append(.text(s)) } else if let n = k as? NSNumber { key.append(.int(n.int64Value)) } else { return nil }
            }
            if e[2] is NSNull {
                out.append(Effect(table: table, key: key, change: .delete))
            } else if let s = e[2] as? String, let d = Digest(hex: s) {
                out.append(Effect(table: table, key: key, change: .put(d)))
            } else if let list = e[2] as? [String] {
                var ds: [Digest] = []
                for s in list { guard let d = Digest(hex: s) else { return nil }; ds.append(d) }
                out.append(Effect(table: table, key: key, change: .events(ds)))
            } else {
                return nil
            }
        }
        return out
    }

    /// The effect of a write on one row, read back inside the write's transaction: its digest, or a deletion
    /// when the row is not there.
    static func readBack(_ db: any SQLDatabase, _ table: Table, _ key: Value...) async throws -> Effect {
        let q = db.select().columns(table.columnNames).from(table.name)
        for (column, value) in zip(table.key, key) { q.where(SQLIdentifier(column), .equal, value.bind) }
        guard let row = try await q.first() else { return Effect(table: table.name, key: key, change: .delete) }
        return Effect(table: table.name, key: key, change: .put(try digest(table, row)))
    }

    /// The effect of appending events to one application.
    static func events(_ application: String, firstSeq: Int, _ rows: [Store.EventRow]) -> Effect {
        Effect(table: "events", key: [.text(application), .int(Int64(firstSeq))], change: .events(rows.map(digest)))
    }

    /// Reads `table` in key order, a page at a time (keyset pagination: each page starts after the last key
    /// of the one before), calling `body` with each row.
    /// Whether the database has the table `name` (one a later migration makes).
    static func exists(_ db: any SQLDatabase, _ name: String) async throws -> Bool {
        let sql: SQLQueryString = db.dialect.name == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: name)"
        return try await db.raw(sql).first() != nil
    }

    static func scan(_ db: any SQLDatabase, _ table: Table, extra: [String] = [], page: Int = 5000,
                     _ body: (any SQLRow) throws -> Void) async throws {
        if table.addedLater, try await !exists(db, table.name) { return }
        var last: [Value]? = nil
        while true {
            let q = db.select().columns(table.columnNames + extra).from(table.name)
            if let last {
                q.where(group: { g in
                    for i in 0..<table.key.count {
                        g.orWhere(group: { h in
                            for j in 0..<i { h.where(SQLIdentifier(table.key[j]), .equal, last[j].bind) }
                            return h.where(SQLIdentifier(table.key[i]), .greaterThan, last[i].bind)
                        })
                    }
                    return g
                })
            }
            for k in table.key { q.orderBy(SQLIdentifier(k)) }
            let rows = try await q.limit(page).all()
            for r in rows { try body(r) }
            guard rows.count == page, let end = rows.last else { return }
            last = try key(table, end)
        }
    }
}
