import Foundation
import SQLKit
import Storage

/// ADM-PRACTICE-2025's table: each body's registry as last stored (one `bodies[]` entry of docs/reference/practice.md,
/// as the legal service sent it), every write audited in the platform's hash chain with the row it produced — so
/// each earlier state stays in the audit log, and the history rule (`Body.rewrite(of:)`) is checked in the same
/// transaction as the write.
public enum PracticeStore {
    public static let schema = ModuleSchema(
        module: "practice",
        migrations: [
            Migrations.Migration(version: 1, name: "practice_bodies: each body's registry under ADM-PRACTICE-2025") { db in
                try await db.create(table: "practice_bodies")
                    .column("id", type: .text, .primaryKey(autoIncrement: false))
                    .column("body", type: .text, .notNull)
                    .column("updated_at", type: .text, .notNull)
                    .column("updated_by", type: .text, .notNull)
                    .run()
            },
            Migrations.Migration(version: 2, name: "practice_recorded: the day each dated fact of a registry was entered") { db in
                try await db.create(table: "practice_recorded")
                    .column("body", type: .text, .notNull)
                    .column("fact", type: .text, .notNull)
                    .column("recorded_on", type: .text, .notNull)
                    .column("recorded_by", type: .text, .notNull)
                    .primaryKey("body", "fact")
                    .run()
            },
        ],
        auditedTables: [.init(name: "practice_bodies", key: ["id"], columns: [("id", .text), ("body", .text), ("updated_at", .text), ("updated_by", .text)]),
                        .init(name: "practice_recorded", key: ["body", "fact"],
                              columns: [("body", .text), ("fact", .text), ("recorded_on", .text), ("recorded_by", .text)])])
}

extension Store {
    /// The stored registries of the given bodies (all when nil), by id.
    public func practiceBodies(ids: [String]?) async throws -> [(id: String, json: String)] {
        if let ids, ids.isEmpty { return [] }
        return try await database.read { db in
            let q = db.select().columns("id", "body").from("practice_bodies")
            if let ids { q.where("id", .in, SQLBind.group(ids)) }
            return try await q.orderBy("id").all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "body", as: String.self)) }
        }
    }

    /// The day each dated fact of the given bodies was entered (`RecordedFact`'s text → `YYYY-MM-DD`), by body.
    public func practiceRecorded(ids: [String]) async throws -> [String: [String: String]] {
        if ids.isEmpty { return [:] }
        return try await database.read { db in
            var out: [String: [String: String]] = [:]
            for row in try await db.select().columns("body", "fact", "recorded_on").from("practice_recorded").where("body", .in, SQLBind.group(ids)).all() {
                out[try row.decode(column: "body", as: String.self), default: [:]][try row.decode(column: "fact", as: String.self)] =
                    try row.decode(column: "recorded_on", as: String.self)
            }
            return out
        }
    }

    /// Stores a body's registry in place of the earlier state; `check` sees the stored state inside the write
    /// transaction and throws to refuse (nothing is written then), or answers the facts this state adds, stamped
    /// `recordedOn` (never restamped). Whether the body was new.
    public func putPracticeBody(id: String, json: String, actor: String, recordedOn: String,
                                check: @escaping @Sendable (String?) throws -> [String]) async throws -> Bool {
        try await database.write { db in
            let stored = try await db.select().column("body").from("practice_bodies").where("id", .equal, SQLBind(id)).first()?
                .decode(column: "body", as: String.self)
            let facts = try check(stored)
            var stamped: [String] = []
            for fact in facts {
                let known = try await db.select().column("fact").from("practice_recorded").where("body", .equal, SQLBind(id))
                    .where("fact", .equal, SQLBind(fact)).first()
                guard known == nil else { continue }
                try await db.insert(into: "practice_recorded").columns("body", "fact", "recorded_on", "recorded_by")
                    .values(SQLBind(id), SQLBind(fact), SQLBind(recordedOn), SQLBind(actor)).run()
                stamped.append(fact)
            }
            let now = Clock.nowISO()
            if stored == nil {
                try await db.insert(into: "practice_bodies").columns("id", "body", "updated_at", "updated_by")
                    .values(SQLBind(id), SQLBind(json), SQLBind(now), SQLBind(actor)).run()
            } else {
                try await db.update("practice_bodies").set("body", to: SQLBind(json)).set("updated_at", to: SQLBind(now))
                    .set("updated_by", to: SQLBind(actor)).where("id", .equal, SQLBind(id)).run()
            }
            try await Audit.append(db, actor: actor, action: stored == nil ? "practice.body.create" : "practice.body.update",
                                   entity: "practice_body:\(id)", payload: json, wrote: [("practice_bodies", [id])] + stamped.map { ("practice_recorded", [id, $0]) })
            return stored == nil
        }
    }
}
