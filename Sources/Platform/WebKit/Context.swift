import WebKit
import Hummingbird
import JSONKit
import HTTPTypes
import NIOCore
import Storage

/// Who is calling: a user from an API token (`Authorization: Bearer`) or a browser session cookie.
public struct Identity: Sendable {
    public var user: Store.User
    public var role: Role
    /// Set for browser sessions: unsafe methods must carry this token (CSRF protection).
    public var csrf: String?

    /// Whether the role sees every organization's records (`RoleDeclaration`).
    public var seesAllOrganizations: Bool
    /// The organizations this user may see; nil means all.
    public var visibleOrganizations: [String]? { seesAllOrganizations ? nil : user.organizations }

    public init(user: Store.User, role: Role, seesAllOrganizations: Bool, csrf: String? = nil) {
        self.user = user; self.role = role; self.seesAllOrganizations = seesAllOrganizations; self.csrf = csrf
    }

    /// Whether this user sees the organization `provider`'s data.
    public func canSee(provider: String) -> Bool { visibleOrganizations.map { $0.contains(provider) } ?? true }
}

public struct AppContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Identity?
    public let remoteAddress: SocketAddress?
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        identity = nil
        remoteAddress = source.channel.remoteAddress
    }
    /// Bodies up to 32 MiB (bulk event imports).
    public var maxUploadSize: Int { 32 << 20 }
}

/// An error as JSON with the CLI's shape: `{"error": {"code", "message", "path"}}`.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var path: String
    /// Headers the answer needs (e.g. `Allow` on a 405).
    public var headers: HTTPFields
    /// The rule's refusal behind the error, with its values, for pages to word in the user's language.
    public var refusal: Refusal?
    /// The position of the event it concerns among those sent, when it concerns one.
    public var eventIndex: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, path: String = "$", headers: HTTPFields = [:]) {
        self.status = status; self.code = code; self.message = message; self.path = path; self.headers = headers
    }

    public static func unauthorized(_ m: String = "credentials required: an API token (Authorization: Bearer …) or a session") -> APIError {
        APIError(.unauthorized, "unauthorized", m)
    }
    public static func forbidden(_ m: String) -> APIError { APIError(.forbidden, "forbidden", m) }
    public static func notFound(_ m: String, path: String = "$") -> APIError { APIError(.notFound, "not_found", m, path: path) }
    public static func invalid(_ m: String, path: String) -> APIError { APIError(.badRequest, "invalid_input", m, path: path) }
    public static func rule(_ m: String, path: String, code: String = "rule_violation") -> APIError { APIError(.unprocessableContent, code, m, path: path) }
    public static func conflict(_ m: String, path: String) -> APIError { APIError(.conflict, "conflict", m, path: path) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(status, body: JSONText.error(code: code, message: message, path: path), headers: headers)
    }
}

public enum JSONResponse {
    public static func make(_ status: HTTPResponse.Status, body: String, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}


/// Every error becomes JSON of the CLI's shape; unexpected ones are logged and answered 500.
public struct ErrorMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    public init() {}
    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch let e as APIError {
            throw e
        } catch let e as HTTPResponseError {
            // The framework's own errors (413 body too large, 404 …) in the API's error shape.
            let code = e.status == .contentTooLarge ? "body_too_large" : e.status == .notFound ? "not_found" : "http_\(e.status.code)"
            throw APIError(e.status, code, e.status.reasonPhrase.isEmpty ? "HTTP \(e.status.code)" : e.status.reasonPhrase)
        } catch let e where StorageFailure.classify(e) != nil && !(e is StorageError) {
            // The disk is full, the database read-only or unusable: the service's failure, not a bug (503).
            let f = StorageFailure.classify(e)!
            context.logger.error("storage failure", metadata: ["error": "\(String(reflecting: e))", "path": "\(request.uri.path)"])
            throw APIError(.serviceUnavailable, f.kind.rawValue, f.message)
        } catch let e where Self.isMalformedRequest(e) {
            throw APIError.invalid("malformed HTTP request body: \(e)", path: "$")
        } catch let e as StorageError {
            switch e {
            case .notFound(let m): throw APIError.notFound(m)
            case .conflict(let m): throw APIError(.conflict, "conflict", m)
            case .rule(let m): throw APIError.rule(m, path: "$")
            case .cannotOpen(let m), .corrupt(let m): throw APIError(.serviceUnavailable, "database_unavailable", m)
            }
        } catch let e as InputError {
            throw APIError.invalid(e.message, path: e.path)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw APIError(.internalServerError, "internal", "internal error: \(error)")
        }
    }

    /// The HTTP parser's refusal of a body (a malformed chunk size, a truncated chunk): the client's error.
    public static func isMalformedRequest(_ error: any Error) -> Bool {
        String(reflecting: type(of: error)).contains("HTTPParserError")
    }
}
