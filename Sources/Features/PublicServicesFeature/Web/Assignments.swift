import Foundation
import Hummingbird
import JSONKit
import SQLKit
import Storage
import WebKit

/// Who works on an application: a head (a signer, or an administrator) assigns it to an executor of its
/// organization, and may reassign it. Assignments are appended, never overwritten — the last one is the current
/// executor, the earlier ones are the application's history — and each is audited in the hash chain.
enum Assignments {
    static let schema = ModuleSchema(
        module: "public-services",
        migrations: [
            Migrations.Migration(version: 1, name: "ps_assignments: who works on an application, each assignment appended") { db in
                try await db.create(table: "ps_assignments")
                    .column("application", type: .text, .notNull)
                    .column("seq", type: .text, .notNull)
                    .column("assignee", type: .text, .notNull)
                    .column("assigned_at", type: .text, .notNull)
                    .column("assigned_by", type: .text, .notNull)
                    .primaryKey("application", "seq")
                    .run()
            },
        ],
        auditedTables: [
            .init(name: "ps_assignments", key: ["application", "seq"],
                  columns: [("application", .text), ("seq", .text), ("assignee", .text), ("assigned_at", .text), ("assigned_by", .text)]),
        ])

    struct Record: Sendable, Hashable {
        /// The application's key (`Store.applicationKey`).
        var application: String
        var assignee: String
        var at: String
        var by: String
    }

    /// The roles work is assigned to.
    static let assignable: Set<Role> = [.executor]
}

extension Store {
    /// Appends an assignment of the application `key` to `assignee`.
    func assign(application key: String, assignee: String, actor: String) async throws -> Assignments.Record {
        try await database.write { db in
            let n = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("ps_assignments")
                .where("application", .equal, SQLBind(key)).first()?.decode(column: "n", as: Int.self) ?? 0
            let seq = Store.sequenceKey(n + 1), now = Clock.nowISO()
            try await db.insert(into: "ps_assignments").columns("application", "seq", "assignee", "assigned_at", "assigned_by")
                .values(SQLBind(key), SQLBind(seq), SQLBind(assignee), SQLBind(now), SQLBind(actor)).run()
            try await Audit.append(db, actor: actor, action: "application.assign", entity: "application:\(key)",
                                   payload: JSONText.object([("assignee", JSONText.string(assignee))]), wrote: [("ps_assignments", [key, seq])])
            return Assignments.Record(application: key, assignee: assignee, at: now, by: actor)
        }
    }

    /// Every assignment, in the order made, of one application (`key`) or of all.
    func assignments(application key: String? = nil) async throws -> [Assignments.Record] {
        try await database.read { db in
            let q = db.select().columns("application", "assignee", "assigned_at", "assigned_by").from("ps_assignments")
            if let key { q.where("application", .equal, SQLBind(key)) }
            return try await q.orderBy("application").orderBy("seq").all().map { r in
                Assignments.Record(application: try r.decode(column: "application", as: String.self), assignee: try r.decode(column: "assignee", as: String.self),
                                   at: try r.decode(column: "assigned_at", as: String.self), by: try r.decode(column: "assigned_by", as: String.self))
            }
        }
    }

    /// Each application's current executor (the last assignment), by application key.
    func currentAssignees() async throws -> [String: String] {
        var out: [String: String] = [:]
        for a in try await assignments() { out[a.application] = a.assignee }
        return out
    }
}

extension RouteID {
    public static let assignApplication = RouteID("POST /api/v1/applications/{id}/assignee")
}

extension API {
    /// Assigns `row` to the user `username`: an executor who works for the application's organization. The
    /// refusals carry a code a page words in the user's language (`api_error_<code>`) and the field `assignee`.
    func assign(_ row: Store.ApplicationRow, to username: String, identity: Identity) async throws -> Assignments.Record {
        guard let user = try await store.user(username: username), user.passwordHash != Store.disabledPasswordHash else {
            throw APIError.rule("no active user \"\(username)\"", path: "$.assignee", code: "unknown_assignee")
        }
        guard let role = permissions.roles.role(user.role), Assignments.assignable.contains(role) else {
            throw APIError.rule("\"\(username)\" is not an executor", path: "$.assignee", code: "assignee_not_executor")
        }
        guard permissions.roles.seesAllOrganizations(role) || user.organizations.contains(row.provider) else {
            throw APIError.rule("\"\(username)\" does not work for \(row.provider)", path: "$.assignee", code: "assignee_other_organization")
        }
        return try await store.assign(application: row.key, assignee: username, actor: identity.user.username)
    }

    /// `POST /api/v1/applications/{id}/assignee` `{"assignee": "username"}` → `{"id", "provider", "assignee", "assignedAt", "assignedBy"}`.
    func assignEndpoint(_ req: Request, _ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.assignApplication, ctx)
        let row = try await located(req, ctx, identity: id)
        let v = try await Requests.json(req, ctx)
        let username = try Requests.input { () throws(InputError) in
            try Fields(v, path: "$").identifier("assignee")
        }
        let a = try await assign(row, to: username, identity: id)
        return Requests.answer(.ok, JSONText.object([
            ("id", JSONText.string(row.id)), ("provider", JSONText.string(row.provider)), ("assignee", JSONText.string(a.assignee)),
            ("assignedAt", JSONText.string(a.at)), ("assignedBy", JSONText.string(a.by)),
        ]))
    }
}
