import LegalCore
import SQLKit

/// Versioned migrations, run on start in order. A shipped migration is history: never edit one — add the
/// next (DESIGN.md rule 9). The applied versions are recorded in `rasim_migrations`.
public enum Migrations {
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        public let apply: @Sendable (any SQLDatabase) async throws -> Void
    }

    public static let all: [Migration] = [
        Migration(version: 1, name: "core schema: organizations, services, officials, applications, events, complaints, risk, checklists, users, tokens, sessions, audit log") { db in
            try await db.create(table: "organizations")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("bin", type: .text)
                .column("kind", type: .text, .notNull)
                .column("created_at", type: .text, .notNull)
                .run()
            try await db.create(table: "services")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("passport", type: .text, .notNull)          // the passport JSON of contracts/check.md
                .column("updated_at", type: .text, .notNull)
                .run()
            try await db.create(table: "officials")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("organization", type: .text, .references("organizations", "id"), .notNull)
                .column("name", type: .text, .notNull)
                .column("may_sign", type: .text, .notNull)          // JSON list of service ids
                .column("absences", type: .text, .notNull)          // JSON list of {from, to}
                .run()
            try await db.create(table: "applications")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("service", type: .text, .references("services", "id"), .notNull)
                .column("provider", type: .text, .references("organizations", "id"), .notNull)
                .column("channel", type: .text, .notNull)
                .column("applicant", type: .text)
                .column("queue_position", type: .bigint)
                .column("submitted_epoch", type: .bigint)
                .column("created_at", type: .text, .notNull)
                .run()
            try await db.create(index: "applications_provider").on("applications").column("provider").run()
            try await db.create(table: "events")
                .column("application", type: .text, .references("applications", "id"), .notNull)
                .column("seq", type: .bigint, .notNull)
                .column("type", type: .text, .notNull)
                .column("at_epoch", type: .bigint, .notNull)
                .column("body", type: .text, .notNull)              // the event JSON of contracts/check.md
                .column("recorded_at", type: .text, .notNull)
                .column("recorded_by", type: .text, .notNull)
                .primaryKey("application", "seq")
                .run()
            try await db.create(table: "complaints")
                .column("id", type: .text, .notNull)
                .column("application", type: .text, .references("applications", "id"), .notNull)
                .column("registered_epoch", type: .bigint, .notNull)
                .column("answered_epoch", type: .bigint)
                .column("satisfied", type: .text)
                .primaryKey("application", "id")
                .run()
            try await db.create(table: "risk_inputs")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("body", type: .text, .notNull)
                .column("result", type: .text, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("created_by", type: .text, .notNull)
                .run()
            try await db.create(table: "checklists")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("subject", type: .text, .notNull)
                .column("body", type: .text, .notNull)
                .column("result", type: .text, .notNull)
                .column("created_at", type: .text, .notNull)
                .column("created_by", type: .text, .notNull)
                .run()
            try await db.create(table: "users")
                .column("id", type: .text, .primaryKey(autoIncrement: false))
                .column("username", type: .text, .notNull, .unique)
                .column("password_hash", type: .text, .notNull)
                .column("role", type: .text, .notNull)
                .column("official", type: .text)
                .column("language", type: .text, .notNull)
                .column("created_at", type: .text, .notNull)
                .run()
            try await db.create(table: "user_organizations")
                .column("user_id", type: .text, .references("users", "id"), .notNull)
                .column("organization", type: .text, .references("organizations", "id"), .notNull)
                .primaryKey("user_id", "organization")
                .run()
            try await db.create(table: "api_tokens")
                .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
                .column("user_id", type: .text, .references("users", "id"), .notNull)
                .column("created_at", type: .text, .notNull)
                .run()
            try await db.create(table: "sessions")
                .column("id_hash", type: .text, .primaryKey(autoIncrement: false))
                .column("user_id", type: .text, .references("users", "id"), .notNull)
                .column("csrf", type: .text, .notNull)
                .column("expires_epoch", type: .bigint, .notNull)
                .run()
            try await db.create(table: "audit_log")
                .column("seq", type: .bigint, .primaryKey(autoIncrement: false))
                .column("at", type: .text, .notNull)
                .column("actor", type: .text, .notNull)
                .column("action", type: .text, .notNull)
                .column("entity", type: .text, .notNull)
                .column("payload", type: .text, .notNull)
                .column("prev_hash", type: .text, .notNull)
                .column("hash", type: .text, .notNull)
                .run()
            try await db.create(table: "audit_head")
                .column("id", type: .bigint, .primaryKey(autoIncrement: false))
                .column("seq", type: .bigint, .notNull)
                .column("hash", type: .text, .notNull)
                .run()
            try await db.insert(into: "audit_head").columns("id", "seq", "hash").values(SQLBind(1), SQLBind(0), SQLBind(Audit.genesis)).run()
        },
        // Issue 11 §3: each entry lists the rows its write produced (`effects`, covered by its hash) and carries
        // an HMAC of its hash under a key kept outside the database (`mac`). Entries written before have
        // neither (empty text) until the log is anchored (`Audit.anchor`).
        Migration(version: 2, name: "audit log: effects (the rows each write produced) and a keyed MAC per entry") { db in
            try await db.alter(table: "audit_log").column("effects", type: .text, .notNull, .default("")).run()
            try await db.alter(table: "audit_log").column("mac", type: .text, .notNull, .default("")).run()
        },
    ]

    /// Applies every migration not yet applied, each in its own transaction. The applied versions are read
    /// inside that transaction (SQLite's write lock; a table lock on PostgreSQL), so two processes starting
    /// on one new database apply each migration once. Returns the versions applied.
    @discardableResult
    public static func run(on database: Database) async throws -> [Int] {
        for attempt in 0..<3 {
            do {
                try await database.write { db in
                    try await db.create(table: "rasim_migrations").ifNotExists()
                        .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                        .column("name", type: .text, .notNull)
                        .column("applied_at", type: .text, .notNull)
                        .run()
                }
                break
            } catch where attempt < 2 {
                try await Task.sleep(nanoseconds: 200_000_000) // another process created it at the same moment
            }
        }
        let known = Set(all.map(\.version))
        var done: [Int] = []
        for m in all {
            let applied: Bool = try await database.write { db in
                if database.kind == .postgres { try await db.raw("LOCK TABLE rasim_migrations IN EXCLUSIVE MODE").run() }
                let versions = try await db.select().column("version").from("rasim_migrations").all().map { try $0.decode(column: "version", as: Int.self) }
                if let unknown = versions.first(where: { !known.contains($0) }) {
                    throw StorageError.corrupt("the database has migration \(unknown), which this version of Rasim does not know: it was written by a newer Rasim")
                }
                guard !versions.contains(m.version) else { return false }
                try await m.apply(db)
                try await db.insert(into: "rasim_migrations").columns("version", "name", "applied_at")
                    .values(SQLBind(m.version), SQLBind(m.name), SQLBind(Clock.nowISO())).run()
                return true
            }
            if applied { done.append(m.version) }
        }
        return done
    }
}

/// The adapter's clock (the core never reads it).
public enum Clock {
    public static func nowEpoch() -> Int64 { Int64(Date().timeIntervalSince1970) }
    /// UTC, milliseconds: `2026-11-22T01:23:45.678Z` (formatted by hand: a formatter per call cost a quarter
    /// of the ingest path's CPU).
    public static func nowISO() -> String {
        let now = Date().timeIntervalSince1970
        let seconds = Int64(now.rounded(.down))
        let millis = Int((now - Double(seconds)) * 1000)
        var s = Instant(secondsSinceEpoch: seconds).iso(offsetSeconds: 0)
        s.removeLast() // "Z"
        return s + "." + (millis < 10 ? "00" : millis < 100 ? "0" : "") + String(millis) + "Z"
    }
}

import Foundation
