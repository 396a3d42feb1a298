import Hummingbird
import LegalCore
import Identifiers
import JSONKit

/// A route that needs a decision about who may call it: "METHOD /path" (`{id}` for a path parameter). The
/// platform names none; each feature declares its own, with the roles that may call them.
public struct RouteID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// A feature's route with the roles that may call it: the ones named, or every role the server knows.
public struct RoutePermission: Sendable {
    public let route: RouteID
    /// nil: every known role (the platform's and every feature's).
    public let roles: Set<Role>?
    public init(_ route: RouteID, _ roles: Set<Role>) { self.route = route; self.roles = roles }
    private init(route: RouteID, roles: Set<Role>?) { self.route = route; self.roles = roles }
    /// Open to every role, whatever features are served.
    public static func everyone(_ route: RouteID) -> RoutePermission { RoutePermission(route: route, roles: nil) }
}

/// Decides whether the caller may call a route, and names them (the server's `Guard`, handed to a feature).
public typealias Authorize = @Sendable (RouteID, AppContext) throws -> Identity

/// Reading a request's JSON and answering with JSON, the same way on every route.
public enum Requests {
    /// The body parsed as one JSON value (bounded by the context's upload size; empty or trailing text refused).
    public static func json(_ req: Request, _ ctx: AppContext) async throws -> JSONValue {
        let buffer = try await req.body.collect(upTo: ctx.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw APIError.invalid("the request body is empty", path: "$") }
        return try buffer.withUnsafeReadableBytes { raw in
            do throws(InputError) { return try JSONParser.document(raw) } catch { throw APIError.invalid(error.message, path: error.path) }
        }
    }

    /// The query parameter `key` as a date `YYYY-MM-DD`, nil when absent or empty (400 naming `key` otherwise).
    public static func date(_ req: Request, _ key: String) throws -> LocalDate? {
        guard let text = req.uri.queryParameters[Substring(key)].map(String.init), !text.isEmpty else { return nil }
        guard let d = LocalDate(text) else { throw APIError.invalid("\"\(text)\" is not a date YYYY-MM-DD", path: key) }
        return d
    }

    /// A codec's refusal as the API's error: 422 for a rule the input breaks, 400 for a malformed input.
    public static func input<T>(_ f: () throws(InputError) -> T) throws -> T {
        do { return try f() } catch {
            if error.isRule { throw APIError.rule(error.message, path: error.path, code: error.code) }
            throw APIError.invalid(error.message, path: error.path)
        }
    }

    /// The `{id}` of the path, percent-decoded (ids may hold Kazakh letters, spaces or slashes), which must be an
    /// identifier (`RecordID`): a NUL or other control character never reaches a query.
    public static func pathID(_ ctx: AppContext) throws -> String {
        let raw = try ctx.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        if let problem = RecordID.problem(id) { throw APIError.invalid("the id " + problem, path: "id") }
        return id
    }

    public static func answer(_ status: HTTPResponse.Status = .ok, _ body: String) -> Response { JSONResponse.make(status, body: body) }
}

/// What each role may do: the role × route matrix, assembled from the routes each part of the server declares
/// (`RoutePermission`), enforced on every route (`require`), and tested for every pair.
public struct Permissions: Sendable {
    public let matrix: [RouteID: Set<Role>]
    /// Every route with a permission, in the order declared.
    public let routes: [RouteID]
    /// The roles known (a route open to everyone is open to each of them).
    public let roles: Roles

    /// Refuses a route declared twice (two features must not both decide who may call it) and a role no part
    /// of the server declares.
    public init(_ declared: [RoutePermission], roles: Roles = .platformOnly) throws {
        var matrix: [RouteID: Set<Role>] = [:]
        for p in declared {
            let allowed = p.roles ?? Set(roles.all)
            if let unknown = allowed.first(where: { roles.role($0.rawValue) == nil }) { throw UnknownRole(route: p.route, role: unknown) }
            guard matrix.updateValue(allowed, forKey: p.route) == nil else { throw DuplicateRoute(route: p.route) }
        }
        self.matrix = matrix; self.routes = declared.map(\.route); self.roles = roles
    }
    public struct UnknownRole: Error, CustomStringConvertible {
        public let route: RouteID, role: Role
        public var description: String { "the route \(route) names the role \(role), which nothing declares" }
    }
    public struct DuplicateRoute: Error, CustomStringConvertible {
        public let route: RouteID
        public var description: String { "the route \(route) is declared twice" }
    }

    public func allows(_ role: Role, _ route: RouteID) -> Bool { matrix[route]?.contains(role) ?? false }

    /// The caller, when signed in and their role may call `route`; 401 or 403 otherwise.
    public func require(_ route: RouteID, _ context: AppContext) throws -> Identity {
        guard let id = context.identity else { throw APIError.unauthorized() }
        guard allows(id.role, route) else { throw APIError.forbidden("role \(id.role.rawValue) may not call \(route.rawValue)") }
        return id
    }
}
