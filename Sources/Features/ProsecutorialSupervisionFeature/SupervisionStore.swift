import Foundation
import SQLKit
import Storage

/// PROSEC-ADM-2015's table: the offices, cases, applications and reports a prosecutor's office records, each as
/// the route received it (one entry of docs/reference/supervision.md's input lists), keyed by its list and id; each
/// write audited in the platform's hash chain with the row it produced. A record is written once (409 on a second).
public enum SupervisionStore {
    public enum Kind: String, Sendable, CaseIterable { case office, `case`, application, report }

    public static let schema = ModuleSchema(
        module: "supervision",
        migrations: [
            Migrations.Migration(version: 1, name: "supervision_records: offices, cases, applications, reports under PROSEC-ADM-2015") { db in
                try await db.create(table: "supervision_records")
                    .column("kind", type: .text, .notNull)
                    .column("id", type: .text, .notNull)
                    .column("json", type: .text, .notNull)
                    .column("created_at", type: .text, .notNull)
                    .column("created_by", type: .text, .notNull)
                    .primaryKey("kind", "id")
                    .run()
            },
        ],
        auditedTables: [.init(name: "supervision_records", key: ["kind", "id"],
                              columns: [("kind", .text), ("id", .text), ("json", .text), ("created_at", .text), ("created_by", .text)])])
}

extension Store {
    /// Every stored record of a kind, by id.
    public func supervisionRecords(_ kind: SupervisionStore.Kind) async throws -> [(id: String, json: String)] {
        try await database.read { db in
            try await db.select().columns("id", "json").from("supervision_records").where("kind", .equal, SQLBind(kind.rawValue))
                .orderBy("id").all().map { (try $0.decode(column: "id", as: String.self), try $0.decode(column: "json", as: String.self)) }
        }
    }

    /// Stores a new record; false when one of that kind and id is already stored (nothing written). `check` runs in
    /// the write transaction and throws to refuse.
    public func addSupervisionRecord(_ kind: SupervisionStore.Kind, id: String, json: String, actor: String) async throws -> Bool {
        try await database.write { db in
            let existing = try await db.select().column("id").from("supervision_records").where("kind", .equal, SQLBind(kind.rawValue))
                .where("id", .equal, SQLBind(id)).first()
            guard existing == nil else { return false }
            try await db.insert(into: "supervision_records").columns("kind", "id", "json", "created_at", "created_by")
                .values(SQLBind(kind.rawValue), SQLBind(id), SQLBind(json), SQLBind(Clock.nowISO()), SQLBind(actor)).run()
            try await Audit.append(db, actor: actor, action: "supervision.\(kind.rawValue).create", entity: "supervision_\(kind.rawValue):\(id)",
                                   payload: json, wrote: [("supervision_records", [kind.rawValue, id])])
            return true
        }
    }
}
