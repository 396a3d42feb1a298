import WebKit
import Foundation
import PublicServicesFeature
import Identifiers
import JSONKit
import LegalCore
import PublicServices
import Storage
import WorkCalendar

/// Setting up a real install: organizations, the service catalog, officials (signing rights, absences,
/// acting deputies) and user accounts — one implementation, called by the `rasim` admin commands and by the
/// admin-only API routes alike, so both validate the same way. Inputs arrive as JSON (`$.field` paths);
/// the command line maps each path to its option (`--field`).
public enum Admin {
    /// A refused administrative change: the caller's input (`invalid`), a reference to something that does
    /// not exist (`notFound`), or a clash with what exists (`conflict`).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// `rule`: well-formed, against a rule no schema can state (a BIN's check digit, dates out of order) — 422.
        public enum Kind: Sendable { case invalid, rule, notFound, conflict }
        public var kind: Kind
        public var message: String
        public var path: String
        public init(_ kind: Kind, _ message: String, path: String) { self.kind = kind; self.message = message; self.path = path }
        public var description: String { "\(path): \(message)" }
        public var code: String {
            switch kind { case .invalid, .rule: return "invalid_input"; case .notFound: return "unknown_reference"; case .conflict: return "conflict" }
        }
    }

    static func fields(_ v: JSONValue) throws -> Fields {
        do { return try Fields(v, path: "$") } catch { throw Failure(.invalid, error.message, path: error.path) }
    }

    static func input<T>(_ f: () throws(InputError) -> T) throws -> T {
        do { return try f() } catch { throw Failure(error.isRule ? .rule : .invalid, error.message, path: error.path) }
    }

    /// An id of an organization, an official, a service: the one id alphabet (`RecordID`).
    static func identifier(_ s: String, path: String) throws -> String {
        if let problem = RecordID.problem(s) { throw Failure(.invalid, "an identifier " + problem, path: path) }
        return s
    }

    /// A name (`NameRule`), stored without the spaces around it.
    static func name(_ s: String, path: String) throws -> String {
        if let problem = NameRule.problem(s) { throw Failure(.invalid, problem, path: path) }
        return s.trimmingCharacters(in: CharacterSet(charactersIn: " "))
    }

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

    // MARK: services

    /// Passports as in contracts/check.md: `{"services": [...]}`, a list, or one passport. Every passport is
    /// validated (the same reader `rasim check` uses) before any is stored; an id twice is invalid. Existing
    /// ids are replaced. Returns the ids, in input order.
    public static func importServices(_ v: JSONValue, store: Store, zones: ZoneTable, actor: String) async throws -> [String] {
        var items: [(JSONValue, String)] = []
        switch v {
        case .array(let list): items = list.enumerated().map { ($0.element, "$[\($0.offset)]") }
        case .object:
            let f = try fields(v)
            if let s = f.optional("services") {
                guard case .array(let list) = s else { throw Failure(.invalid, "expected a list, got \(s.typeName)", path: "$.services") }
                items = list.enumerated().map { ($0.element, "$.services[\($0.offset)]") }
            } else {
                items = [(v, "$")]
            }
        default: throw Failure(.invalid, "expected {\"services\": [passports]}, a list of passports or one passport, got \(v.typeName)", path: "$")
        }
        guard !items.isEmpty else { throw Failure(.invalid, "no service passport to import", path: "$.services") }
        var seen: [String: String] = [:]
        var parsed: [(String, String)] = []
        for (item, path) in items {
            let p = try input { () throws(InputError) in try PublicServicesJSON.passport(item, path, zones: zones) }
            _ = try identifier(p.id, path: path + ".id")
            if let first = seen[p.id] { throw Failure(.rule, "service \"\(p.id)\" appears twice (first at \(first))", path: path + ".id") }
            seen[p.id] = path
            parsed.append((p.id, item.text))
        }
        for (id, json) in parsed { try await store.putService(id: id, passport: json, actor: actor) }
        return parsed.map(\.0)
    }

    // MARK: officials

    /// `{"id", "organization", "name", "maySign": [service ids]}`: adds an official or, for an existing id,
    /// replaces the organization, name and signing rights (the absences stay).
    public static func putOfficial(_ v: JSONValue, store: Store, actor: String) async throws -> (Store.OfficialRow, created: Bool) {
        let f = try fields(v)
        let id = try identifier(try input { () throws(InputError) in try f.string("id") }, path: "$.id")
        let organization = try input { () throws(InputError) in try f.identifier("organization") }
        let name = try name(try input { () throws(InputError) in try f.string("name") }, path: "$.name")
        let maySign = try input { () throws(InputError) in try f.identifiers("maySign", default: []) }
        guard try await store.organization(id: organization) != nil else {
            throw Failure(.notFound, "organization \"\(organization)\" does not exist (rasim org add)", path: "$.organization")
        }
        let services = Set(try await store.services().map(\.id))
        for (i, s) in maySign.enumerated() where !services.contains(s) {
            throw Failure(.notFound, "service \"\(s)\" is not in the catalog (rasim service import)", path: "$.maySign[\(i)]")
        }
        let existing = try await store.official(id: id)
        var seen = Set<String>()
        let row = Store.OfficialRow(id: id, organization: organization, name: name, maySign: maySign.filter { seen.insert($0).inserted },
                                    absencesJSON: existing?.absencesJSON ?? "[]")
        try await store.putOfficial(row, actor: actor)
        return (row, existing == nil)
    }

    /// `{"from", "to", "kind"?, "deputy"?}` for the official `official`: `kind` is leave (the default),
    /// sick_leave, business_trip or other; `deputy` an official of the same organization who acts meanwhile.
    /// Returns the stored absence.
    public static func addAbsence(official: String, _ v: JSONValue, store: Store, actor: String) async throws -> String {
        let f = try fields(v)
        let from = try input { () throws(InputError) in try f.date("from") }
        let to = try input { () throws(InputError) in try f.date("to") }
        guard from <= to else { throw Failure(.rule, "\"to\" (\(to)) is before \"from\" (\(from))", path: "$.to") }
        let kind = try input { () throws(InputError) in try f.optionalOneOf("kind", AbsenceKind.self) } ?? .leave
        let deputy = try input { () throws(InputError) in try f.optionalIdentifier("deputy") }
        guard let who = try await store.official(id: official) else {
            throw Failure(.notFound, "official \"\(official)\" does not exist (rasim official add)", path: "$.official")
        }
        if let deputy {
            guard deputy != official else { throw Failure(.rule, "an official cannot be their own deputy", path: "$.deputy") }
            guard let d = try await store.official(id: deputy) else {
                throw Failure(.notFound, "official \"\(deputy)\" does not exist", path: "$.deputy")
            }
            guard d.organization == who.organization else {
                throw Failure(.rule, "deputy \(deputy) is an official of \(d.organization), not of \(who.organization)", path: "$.deputy")
            }
        }
        var pairs = [("from", JSONText.string(from.description)), ("to", JSONText.string(to.description)), ("kind", JSONText.string(kind.rawValue))]
        if let deputy { pairs.append(("deputy", JSONText.string(deputy))) }
        let absence = JSONText.object(pairs)
        do { _ = try await store.addAbsence(official: official, absence: absence, actor: actor) } catch StorageError.notFound(let m) {
            throw Failure(.notFound, m, path: "$.official")
        }
        return absence
    }

    public static func officialJSON(_ o: Store.OfficialRow) -> String {
        JSONText.object([("id", JSONText.string(o.id)), ("organization", JSONText.string(o.organization)), ("name", JSONText.string(o.name)),
                         ("maySign", JSONText.array(o.maySign.map(JSONText.string))), ("absences", o.absencesJSON)])
    }

    // MARK: users

    /// Checks a new account's fields, hashes the password and adds it.
    public static func addUser(username: String, password: String, role: String, organizations: [String], official: String?,
                               store: Store, bcryptCost: UInt8, actor: String) async throws -> Store.User {
        guard let r = Role(rawValue: role) else {
            throw Failure(.invalid, "\"\(role)\" is not one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))", path: "$.role")
        }
        if let problem = UsernameRule.problem(username) { throw Failure(.invalid, "the user name " + problem, path: "$.username") }
        try checkPassword(password)
        let known = Set(try await store.organizations().map(\.id))
        for (i, o) in organizations.enumerated() where !known.contains(o) {
            throw Failure(.notFound, "organization \"\(o)\" does not exist (rasim org add)", path: "$.organizations[\(i)]")
        }
        if let official {
            guard r == .signer else { throw Failure(.rule, "only a signer is linked to an official; \(username) is \(role)", path: "$.official") }
            guard let o = try await store.official(id: official) else {
                throw Failure(.notFound, "official \"\(official)\" does not exist (rasim official add)", path: "$.official")
            }
            guard organizations.contains(o.organization) else {
                throw Failure(.rule, "official \(official) belongs to \(o.organization), which is not among the user's organizations", path: "$.official")
            }
        }
        if !r.seesAllOrganizations, organizations.isEmpty {
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

    /// At least 8 characters (and at most 72 bytes: bcrypt reads no further).
    public static func checkPassword(_ p: String) throws {
        if let problem = TextRule.problem(p) { throw Failure(.invalid, "the password " + problem, path: "$.password") }
        guard p.unicodeScalars.count >= 8 else { throw Failure(.invalid, "the password must have at least 8 characters", path: "$.password") }
        guard p.utf8.count <= 72 else { throw Failure(.rule, "the password must have at most 72 bytes (bcrypt ignores the rest)", path: "$.password") }
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
