import Foundation
import Hummingbird
import Identifiers
import JSONKit

/// Setting up a real install — organizations and accounts here and in the server, each act's own records (the
/// public-services catalog and officials) in its feature — one implementation per change, called by the `rasim`
/// admin commands and by the admin-only API routes alike, so both validate the same way. Inputs arrive as JSON (`$.field` paths);
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

    public static func fields(_ v: JSONValue) throws -> Fields {
        do { return try Fields(v, path: "$") } catch { throw Failure(.invalid, error.message, path: error.path) }
    }

    public static func input<T>(_ f: () throws(InputError) -> T) throws -> T {
        do { return try f() } catch { throw Failure(error.isRule ? .rule : .invalid, error.message, path: error.path) }
    }

    /// An id of an organization, an official, a service: the one id alphabet (`RecordID`).
    public static func identifier(_ s: String, path: String) throws -> String {
        if let problem = RecordID.problem(s) { throw Failure(.invalid, "an identifier " + problem, path: path) }
        return s
    }

    /// A name (`NameRule`), stored without the spaces around it.
    public static func name(_ s: String, path: String) throws -> String {
        if let problem = NameRule.problem(s) { throw Failure(.invalid, problem, path: path) }
        return s.trimmingCharacters(in: CharacterSet(charactersIn: " "))
    }

    /// At least 8 characters (and at most 72 bytes: bcrypt reads no further).
    public static func checkPassword(_ p: String) throws {
        if let problem = TextRule.problem(p) { throw Failure(.invalid, "the password " + problem, path: "$.password") }
        guard p.unicodeScalars.count >= 8 else { throw Failure(.invalid, "the password must have at least 8 characters", path: "$.password") }
        guard p.utf8.count <= 72 else { throw Failure(.rule, "the password must have at most 72 bytes (bcrypt ignores the rest)", path: "$.password") }
    }

    /// Runs an admin route's body for a caller `permissions` lets call `route`, turning a `Failure` into the API's
    /// error: 400 bad input, 422 a reference to something that does not exist (404 when it is the path's `{id}`),
    /// 409 a conflict.
    public static func route(_ route: RouteID, _ ctx: AppContext, permissions: Permissions,
                             _ body: (Identity) async throws -> Response) async throws -> Response {
        let id = try permissions.require(route, ctx)
        do { return try await body(id) } catch let f as Failure {
            switch f.kind {
            case .invalid: throw APIError.invalid(f.message, path: f.path)
            case .rule: throw APIError.rule(f.message, path: f.path, code: f.code)
            case .notFound: throw f.path == "id" ? APIError.notFound(f.message, path: "id") : APIError.rule(f.message, path: f.path, code: "unknown_reference")
            case .conflict: throw APIError.conflict(f.message, path: f.path)
            }
        }
    }
}
