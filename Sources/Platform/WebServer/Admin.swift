import WebKit
import Foundation
import Identifiers
import JSONKit
import LegalCore
import Storage
import WorkCalendar

/// Organizations and user accounts (`Admin`'s platform part).
extension Admin {
    // MARK: organizations

    /// `{"id", "name", "bin"?, "kind"?}`; an existing id is updated. `kind` is a snake_case word
    /// (`local_executive_body`, `rural_district_akim`, `territorial_unit`, …), `other` when absent.
    public static func putOrganization(_ v: JSONValue, store: Store, actor: String) async throws -> (Store.Organization, created: Bool) {
        let f = try fields(v)
        let id = try identifier(try input { () throws(InputError) in try f.string("id") }, path: "$.id")
        let name = try name(try input { () throws(InputError) in try f.string("name") }, path: "$.name")
        let bin = try input { () throws(InputError) in try f.optionalString("bin") }
        if let bin, case .failure(let problem) = Identifiers.validateBIN(bin) {
            throw Failure(.rule, "BIN \"\(bin)\" \(problem.message.en)", path: "$.bin")
        }
        let kind = try input { () throws(InputError) in try f.optionalString("kind") } ?? "other"
        guard kind.range(of: #"^[a-z][a-z0-9_]{0,63}$"#, options: .regularExpression) != nil else {
            throw Failure(.invalid, "kind \"\(kind)\" must be a snake_case word such as local_executive_body", path: "$.kind")
        }
        let existed = try await store.organization(id: id) != nil
        let o = Store.Organization(id: id, name: name, bin: bin, kind: kind)
        try await store.putOrganization(o, actor: actor)
        return (o, !existed)
    }

    public static func organizationJSON(_ o: Store.Organization) -> String {
        JSONText.object([("id", JSONText.string(o.id)), ("name", JSONText.string(o.name)), ("bin", o.bin.map(JSONText.string) ?? "null"),
                         ("kind", JSONText.string(o.kind))])
    }

    // MARK: users

    /// Checks a new account's fields, hashes the password and adds it.
    public static func addUser(username: String, password: String, role: String, organizations: [String], official: String?,
                               store: Store, roles: Roles, bcryptCost: UInt8, actor: String) async throws -> Store.User {
        guard let r = roles.role(role) else {
            throw Failure(.invalid, "\"\(role)\" is not one of \(roles.all.map(\.rawValue).joined(separator: ", "))", path: "$.role")
        }
        if let problem = UsernameRule.problem(username) { throw Failure(.invalid, "the user name " + problem, path: "$.username") }
        try checkPassword(password)
        let known = Set(try await store.organizations().map(\.id))
        for (i, o) in organizations.enumerated() where !known.contains(o) {
            throw Failure(.notFound, "organization \"\(o)\" does not exist (rasim org add)", path: "$.organizations[\(i)]")
        }
        if let official {
            guard r == .signer else { throw Failure(.rule, "only a signer is linked to an official; \(username) is \(role)", path: "$.official") }
            guard let organization = try await store.officialOrganization(id: official) else {
                throw Failure(.notFound, "official \"\(official)\" does not exist (rasim official add)", path: "$.official")
            }
            guard organizations.contains(organization) else {
                throw Failure(.rule, "official \(official) belongs to \(organization), which is not among the user's organizations", path: "$.official")
            }
        }
        if !roles.seesAllOrganizations(r), organizations.isEmpty {
            throw Failure(.rule, "a \(role) works for an organization: name at least one", path: "$.organizations")
        }
        if try await store.user(username: username) != nil {
            throw Failure(.conflict, "user \"\(username)\" already exists", path: "$.username")
        }
        let id: String
        do {
            id = try await store.addUser(username: username, passwordHash: Secrets.hashPassword(password, cost: bcryptCost), role: role,
                                         organizations: organizations, official: official, actor: actor)
        } catch StorageError.conflict(let m) {
            throw Failure(.conflict, m, path: "$.username")
        } catch StorageError.notFound(let m) {
            throw Failure(.notFound, m, path: "$.organizations")
        }
        guard let user = try await store.user(id: id) else { throw Failure(.notFound, "user \"\(username)\" vanished", path: "$.username") }
        return user
    }

    public static func userJSON(_ u: Store.User) -> String {
        JSONText.object([("username", JSONText.string(u.username)), ("role", JSONText.string(u.role)),
                         ("organizations", JSONText.array(u.organizations.map(JSONText.string))),
                         ("official", u.official.map(JSONText.string) ?? "null"), ("disabled", u.isDisabled ? "true" : "false")])
    }

    /// Maps a not-found from the store (an unknown user name) to a failure at `path`.
    public static func user<T>(_ path: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch StorageError.notFound(let m) { throw Failure(.notFound, m, path: path) }
    }
}
