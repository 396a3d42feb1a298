import Foundation
import JSONKit
import SQLKit

/// Administration: accounts (list, disable, new password), API tokens (revoke), one organization or
/// official by id, absences. Every write appends its audit entry in the same transaction.
extension Store {
    /// The password hash of a disabled account: no password verifies against it (bcrypt refuses a hash
    /// that does not start with `$`), so the account cannot sign in; `user passwd` enables it again.
    public static let disabledPasswordHash = "!disabled"

    public func users() async throws -> [User] {
        try await database.read { db in
            var out: [User] = []
            for r in try await db.select().columns("id", "username", "password_hash", "role", "official", "language").from("users")
                .orderBy("username").all() {
                out.append(try await Store.userRow(db, r))
            }
            return out
        }
    }

    /// The organization of the official `id` (the `officials` table is the platform's since migration 1: a signer's
    /// account is linked to one), or nil when there is none.
    public func officialOrganization(id: String) async throws -> String? {
        try await database.read { db in
            try await db.select().column("organization").from("officials").where("id", .equal, SQLBind(id)).first()?
                .decode(column: "organization", as: String.self)
        }
    }

    public func organization(id: String) async throws -> Organization? {
        try await organizations().first { $0.id == id }
    }


    /// Disables an account: its password stops working, its sessions and API tokens are deleted.
    /// Returns how many sessions and tokens ended.
    public func disableUser(username: String, actor: String) async throws -> (sessions: Int, tokens: Int) {
        try await database.write { db in
            let id = try await Store.userID(db, username: username)
            let sessions = try await Store.keys(db, "sessions", "id_hash", userID: id), tokens = try await Store.keys(db, "api_tokens", "token_hash", userID: id)
            try await db.update("users").set("password_hash", to: SQLBind(Store.disabledPasswordHash)).where("id", .equal, SQLBind(id)).run()
            try await db.delete(from: "sessions").where("user_id", .equal, SQLBind(id)).run()
            try await db.delete(from: "api_tokens").where("user_id", .equal, SQLBind(id)).run()
            try await Audit.append(db, actor: actor, action: "user.disable", entity: "user:\(username)",
                                   payload: JSONText.object([("sessions", String(sessions.count)), ("tokens", String(tokens.count))]),
                                   wrote: [("users", [id])] + sessions.map { ("sessions", [$0]) } + tokens.map { ("api_tokens", [$0]) })
            return (sessions.count, tokens.count)
        }
    }

    /// Sets a new password (enabling a disabled account) and ends the account's sessions: whoever signed in
    /// with the old password signs in again. API tokens stay (`revokeTokens` ends them).
    public func setPassword(username: String, passwordHash: String, actor: String) async throws -> Int {
        try await database.write { db in
            let id = try await Store.userID(db, username: username)
            let sessions = try await Store.keys(db, "sessions", "id_hash", userID: id)
            try await db.update("users").set("password_hash", to: SQLBind(passwordHash)).where("id", .equal, SQLBind(id)).run()
            try await db.delete(from: "sessions").where("user_id", .equal, SQLBind(id)).run()
            try await Audit.append(db, actor: actor, action: "user.password", entity: "user:\(username)",
                                   payload: JSONText.object([("sessions", String(sessions.count))]),
                                   wrote: [("users", [id])] + sessions.map { ("sessions", [$0]) })
            return sessions.count
        }
    }

    /// Deletes the user's API tokens (all, or the one whose hash is given). Returns how many.
    /// `keeping`: a token that stays (the one an administrator revoking their own tokens is using).
    public func revokeTokens(username: String, tokenHash: String? = nil, keeping: String? = nil, actor: String) async throws -> Int {
        try await database.write { db in
            let id = try await Store.userID(db, username: username)
            let revoked = try await Store.keys(db, "api_tokens", "token_hash", userID: id).filter { h in
                (tokenHash == nil || h == tokenHash) && h != keeping
            }
            for h in revoked { try await db.delete(from: "api_tokens").where("token_hash", .equal, SQLBind(h)).run() }
            try await Audit.append(db, actor: actor, action: "token.revoke", entity: "user:\(username)",
                                   payload: JSONText.object([("tokens", String(revoked.count)), ("one", tokenHash == nil ? "false" : "true")]),
                                   wrote: revoked.map { ("api_tokens", [$0]) })
            return revoked.count
        }
    }


    /// The keys of a user's rows in `table` (what a deletion must name in its audit entry).
    static func keys(_ db: any SQLDatabase, _ table: String, _ column: String, userID: String) async throws -> [String] {
        try await db.select().column(SQLIdentifier(column)).from(table).where("user_id", .equal, SQLBind(userID)).all()
            .map { try $0.decode(column: column, as: String.self) }
    }

    static func userID(_ db: any SQLDatabase, username: String) async throws -> String {
        guard let r = try await db.select().column("id").from("users").where("username", .equal, SQLBind(username)).first() else {
            throw StorageError.notFound("user \"\(username)\" does not exist")
        }
        return try r.decode(column: "id", as: String.self)
    }
}

extension Store.User {
    /// Disabled by `Store.disableUser`.
    public var isDisabled: Bool { passwordHash == Store.disabledPasswordHash }
}

extension Store {
    /// Every audited write to the record `entity` (e.g. `application:<key>`), oldest first.
    public func auditTrail(entity: String) async throws -> [Audit.Trail] {
        try await database.read { db in
            try await db.select().columns("seq", "at", "actor", "action").from("audit_log").where("entity", .equal, SQLBind(entity))
                .orderBy("seq").all().map { r in
                    Audit.Trail(seq: try r.decode(column: "seq", as: Int64.self), at: try r.decode(column: "at", as: String.self),
                                actor: try r.decode(column: "actor", as: String.self), action: try r.decode(column: "action", as: String.self))
                }
        }
    }
}

extension Store {
    /// Sets (or, with nil, removes) the address a user's daily reminders are mailed to. The address is checked by
    /// the caller (`MailAddress`); the write is audited with the row it leaves.
    public func setEmail(username: String, email: String?, actor: String) async throws {
        try await database.write { db in
            let id = try await Store.userID(db, username: username)
            try await db.delete(from: "user_emails").where("user_id", .equal, SQLBind(id)).run()
            if let email {
                try await db.insert(into: "user_emails").columns("user_id", "email").values(SQLBind(id), SQLBind(email)).run()
            }
            try await Audit.append(db, actor: actor, action: "user.email", entity: "user:\(username)", payload: email.map(JSONText.string) ?? "null",
                                   effects: [try await Ledger.readBack(db, Ledger.userEmails, .text(id))])
        }
    }

    /// Every user's reminder address, by user id.
    public func emails() async throws -> [String: String] {
        try await database.read { db in
            var out: [String: String] = [:]
            for r in try await db.select().columns("user_id", "email").from("user_emails").all() {
                out[try r.decode(column: "user_id", as: String.self)] = try r.decode(column: "email", as: String.self)
            }
            return out
        }
    }
}

extension Store {
    /// Sets an organization's name in `lang` ("kk" or "ru"); audited with the row it leaves.
    public func setOrganizationName(id: String, lang: String, name: String, actor: String) async throws {
        try await database.write { db in
            guard try await db.select().column("id").from("organizations").where("id", .equal, SQLBind(id)).first() != nil else {
                throw StorageError.notFound("organization \"\(id)\" does not exist")
            }
            try await db.delete(from: "organization_names").where("organization", .equal, SQLBind(id)).where("lang", .equal, SQLBind(lang)).run()
            try await db.insert(into: "organization_names").columns("organization", "lang", "name").values(SQLBind(id), SQLBind(lang), SQLBind(name)).run()
            try await Audit.append(db, actor: actor, action: "organization.name", entity: "organization:\(id)",
                                   payload: JSONText.object([("lang", JSONText.string(lang)), ("name", JSONText.string(name))]),
                                   effects: [try await Ledger.readBack(db, Ledger.organizationNames, .text(id), .text(lang))])
        }
    }

    /// Every organization's name in `lang`: its own name there, else the name it was registered with.
    public func organizationNames(lang: String) async throws -> [String: String] {
        var out = Dictionary(try await organizations().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let localized = try await database.read { db in
            try await db.select().columns("organization", "name").from("organization_names").where("lang", .equal, SQLBind(lang)).all()
                .map { (try $0.decode(column: "organization", as: String.self), try $0.decode(column: "name", as: String.self)) }
        }
        for (id, name) in localized where out[id] != nil { out[id] = name }
        return out
    }
}

extension Store {
    /// A sequence number as a text key: zero-padded to six digits, so that text order is the order appended.
    public static func sequenceKey(_ n: Int) -> String { String(repeating: "0", count: max(0, 6 - String(n).count)) + String(n) }
}
