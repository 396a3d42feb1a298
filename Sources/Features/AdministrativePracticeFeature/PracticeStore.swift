import Foundation
import SQLKit
import Storage

/// ADM-PRACTICE-2025's table: each body's registry as last stored (one `bodies[]` entry of contracts/practice.md,
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
        ],
        auditedTables: [.init(name: "practice_bodies", key: ["id"], columns: [("id", .text), ("body", .text), ("updated_at", .text), ("updated_by", .text)])])
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

    /// Stores a body's registry in place of the earlier state; `check` sees the stored state inside the write
    /// transaction and throws to refuse (nothing is written then). Whether the body was new.
    public func putPracticeBody(id: String, json: String, actor: String, check: @escaping @Sendable (String?) throws -> Void) async throws -> Bool {
        try await database.write { db in
            let stored = try await db.select().column("body").from("practice_bodies").where("id", .equal, SQLBind(id)).first()?
                .decode(column: "body", as: String.self)
            try check(stored)
            let now = Clock.nowISO()
            if stored == nil {
                try await db.insert(into: "practice_bodies").columns("id", "body", "updated_at", "updated_by")
                    .values(SQLBind(id), SQLBind(json), SQLBind(now), SQLBind(actor)).run()
            } else {
                try await db.update("practice_bodies").set("body", to: SQLBind(json)).set("updated_at", to: SQLBind(now))
                    .set("updated_by", to: SQLBind(actor)).where("id", .equal, SQLBind(id)).run()
            }
            try await Audit.append(db, actor: actor, action: stored == nil ? "practice.body.create" : "practice.body.update",
                                   entity: "practice_body:\(id)", payload: json, wrote: [("practice_bodies", [id])])
            return stored == nil
        }
    }
}
