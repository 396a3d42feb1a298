import WebKit
import Identifiers
import JSONKit

/// The OpenAPI 3.1 document served at /openapi.json: the service endpoints and the platform's routes declared
/// here, the features' between them, written by `APIDocument` with the roles of the same matrix the router enforces (a
/// test checks the three agree).
enum OpenAPI {
    typealias S = APIDocument.Schemas

    /// The service endpoints: health, this document, metrics, sessions. (Bad input is 400; every route with a
    /// `RouteID` also answers 401, and 403 when a role may not call it or, for a write, when a session's CSRF
    /// token is missing: `APIDocument` adds them.)
    static let service: [APIOperation] = [
        APIOperation(method: "get", path: "/health", id: "health", summary: "Liveness: {\"status\": \"ok\"}", route: nil, request: nil,
              success: (200, "Health"), errors: []),
        APIOperation(method: "get", path: "/openapi.json", id: "openapi", summary: "This document", route: nil, request: nil,
              success: (200, "Document"), errors: []),
        APIOperation(method: "get", path: "/metrics", id: "metrics", summary: "Prometheus metrics (text); a token when one is configured", route: nil, request: nil,
              success: (200, nil), errors: [401]),
        APIOperation(method: "post", path: "/login", id: "login", summary: "Start a browser session (JSON or form: username, password); sets an HttpOnly SameSite cookie", route: nil, request: "Login",
              success: (200, "Session"), errors: [400, 401, 403, 413, 429]),
        APIOperation(method: "post", path: "/logout", id: "logout", summary: "End the session (the session cookie and its CSRF token in X-CSRF-Token)", route: nil, request: nil,
              success: (200, "Status"), errors: [401, 403]),
    ]

    /// The caller's own account, and administration of organizations and accounts (admin only).
    static let platform: [APIOperation] = [
        APIOperation(method: "get", path: "/api/v1/me", id: "whoAmI", summary: "The caller: user name, role, organizations, CSRF token of a session", route: .whoAmI, request: nil,
              success: (200, "Me"), errors: []),
        APIOperation(method: "post", path: "/api/v1/organizations", id: "putOrganization", summary: "Add an organization, or update one with that id", route: .putOrganization, request: "OrganizationInput",
              success: (201, "OrganizationSaved"), errors: [400] + [413, 422, 503]),
        APIOperation(method: "get", path: "/api/v1/organizations", id: "listOrganizations", summary: "Every organization", route: .listOrganizations, request: nil,
              success: (200, "Organizations"), errors: []),
        APIOperation(method: "post", path: "/api/v1/users", id: "addUser", summary: "Add a user account", route: .addUser, request: "UserInput",
              success: (201, "UserSaved"), errors: [400] + [409, 413, 422, 503]),
        APIOperation(method: "get", path: "/api/v1/users", id: "listUsers", summary: "Every user account (no password hashes)", route: .listUsers, request: nil,
              success: (200, "Users"), errors: []),
        APIOperation(method: "post", path: "/api/v1/users/{id}/password", id: "setPassword", summary: "Set a user's password (enables a disabled account; ends its sessions)", route: .setPassword, request: "PasswordInput",
              success: (200, "UserChanged"), errors: [400] + [404, 413, 422, 503]),
        APIOperation(method: "post", path: "/api/v1/users/{id}/tokens/revoke", id: "revokeTokens", summary: "Revoke a user's API tokens: all, or the one given as {\"token\"}", route: .revokeTokens, request: "RevokeInput",
              success: (200, "Revoked"), errors: [400] + [404, 413, 503]),
        APIOperation(method: "post", path: "/api/v1/users/{id}/disable", id: "disableUser", summary: "Disable an account: its password, sessions and API tokens stop working", route: .disableUser, request: nil,
              success: (200, "UserChanged"), errors: [400] + [404, 409, 503]),
    ]

    /// Every documented route: the service endpoints, the features', the platform's.
    static func operations(features: [any WebFeature]) -> [APIOperation] { service + features.flatMap(\.operations) + platform }

    /// The document, with the features' routes and schemas.
    static func document(features: [any WebFeature], permissions: Permissions) -> String {
        let roles = "{\"type\": \"string\", \"enum\": " + JSONText.array(permissions.roles.all.map { JSONText.string($0.rawValue) }) + "}"
        let platform = schemas.map { ($0.0, $0.1.replacingOccurrences(of: "@ROLES@", with: roles)) }
        return APIDocument.json(operations: operations(features: features), schemas: platform + features.flatMap(\.schemas), permissions: permissions,
                         description: "Public-service applications judged against the law (docs/reference/http.md). Errors: {\"error\": {\"code\", \"message\", \"path\"}}.")
    }

    /// The platform's bodies (errors, sessions, the caller, organizations, accounts); `@ROLES@` stands for the
    /// roles the server knows.
    static let schemas: [(String, String)] = [
        ("Error", ##"{"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message", "path"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "path": {"type": "string"}}}}}"##),
        ("Health", ##"{"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": ["ok", "degraded"]}, "database": {"type": "string", "enum": ["ok", "storage_read_only", "storage_full", "database_unavailable"]}, "message": {"type": "string"}, "calendar": {"type": "object", "required": ["coversUpTo", "warning"], "properties": {"coversUpTo": {"type": "string", "format": "date"}, "warning": {"type": ["string", "null"]}}}}}"##),
        ("Organization", ##"{"type": "object", "required": ["id", "name", "bin", "kind"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "bin": {"type": ["string", "null"]}, "kind": {"type": "string"}}}"##),
        ("OrganizationInput", S.fill(##"{"type": "object", "required": ["id", "name"], "properties": {"id": @ID@, "name": @NAME@, "bin": {"anyOf": [{"type": "null"}, @BIN@]}, "kind": {"type": ["string", "null"], "pattern": "^[a-z][a-z0-9_]{0,63}$"}}}"##)),
        ("OrganizationSaved", ##"{"type": "object", "required": ["organization", "created"], "properties": {"organization": {"$ref": "#/components/schemas/Organization"}, "created": {"type": "boolean"}}}"##),
        ("Organizations", ##"{"type": "object", "required": ["organizations"], "properties": {"organizations": {"type": "array", "items": {"$ref": "#/components/schemas/Organization"}}}}"##),
        ("User", ##"{"type": "object", "required": ["username", "role", "organizations", "official", "disabled"], "properties": {"username": {"type": "string"}, "role": @ROLES@, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": ["string", "null"]}, "disabled": {"type": "boolean"}}}"##),
        ("UserInput", S.fill(##"{"type": "object", "required": ["username", "password", "role"], "properties": {"username": @USERNAME@, "password": @PASSWORD@, "role": @ROLES@, "organizations": {"type": ["array", "null"], "items": @ID@}, "official": {"anyOf": [{"type": "null"}, @ID@]}}}"##)),
        ("UserSaved", ##"{"type": "object", "required": ["user"], "properties": {"user": {"$ref": "#/components/schemas/User"}}}"##),
        ("Users", ##"{"type": "object", "required": ["users"], "properties": {"users": {"type": "array", "items": {"$ref": "#/components/schemas/User"}}}}"##),
        ("PasswordInput", S.fill(##"{"type": "object", "required": ["password"], "properties": {"password": @PASSWORD@}}"##)),
        ("RevokeInput", S.fill(##"{"type": "object", "properties": {"token": {"anyOf": [{"type": "null"}, @TEXT@]}}}"##)),
        ("UserChanged", ##"{"type": "object", "required": ["user", "sessionsEnded"], "properties": {"user": {"$ref": "#/components/schemas/User"}, "sessionsEnded": {"type": "integer"}, "tokensRevoked": {"type": "integer"}}}"##),
        ("Revoked", ##"{"type": "object", "required": ["revoked"], "properties": {"revoked": {"type": "integer"}}}"##),
        ("Document", ##"{"type": "object", "required": ["openapi", "info", "paths"]}"##),
        ("Status", ##"{"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}"##),
        ("Login", S.fill(##"{"type": "object", "required": ["username", "password"], "properties": {"username": {"type": "string", "maxLength": 64, "pattern": @TEXTPATTERN@}, "password": @TEXT@}}"##)),
        ("Session", ##"{"type": "object", "required": ["username", "role", "csrf"], "properties": {"username": {"type": "string"}, "role": {"type": "string"}, "csrf": {"type": "string"}}}"##),
        ("Me", ##"{"type": "object", "required": ["username", "role", "organizations", "official", "csrf"], "properties": {"username": {"type": "string"}, "role": @ROLES@, "organizations": {"type": "array", "items": {"type": "string"}}, "official": {"type": ["string", "null"]}, "csrf": {"type": ["string", "null"]}}}"##),
    ]
}
