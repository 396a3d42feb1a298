import WebKit

/// The routes the platform serves itself (the caller's account and administration; a feature declares its own),
/// with the roles that may call each: this part of the role × route matrix, written once.
extension RouteID {
    public static let whoAmI = RouteID("GET /api/v1/me")
    public static let putOrganization = RouteID("POST /api/v1/organizations")
    public static let listOrganizations = RouteID("GET /api/v1/organizations")
    public static let addUser = RouteID("POST /api/v1/users")
    public static let listUsers = RouteID("GET /api/v1/users")
    public static let setPassword = RouteID("POST /api/v1/users/{id}/password")
    public static let revokeTokens = RouteID("POST /api/v1/users/{id}/tokens/revoke")
    public static let disableUser = RouteID("POST /api/v1/users/{id}/disable")
}

extension RasimServer {
    /// The caller's own account, and administration (setting up a real install).
    static let platformRoutes: [RoutePermission] = [
        .everyone(.whoAmI),
        RoutePermission(.putOrganization, [.admin]), RoutePermission(.listOrganizations, [.admin]),
        RoutePermission(.addUser, [.admin]), RoutePermission(.listUsers, [.admin]), RoutePermission(.setPassword, [.admin]),
        RoutePermission(.revokeTokens, [.admin]), RoutePermission(.disableUser, [.admin]),
    ]

    /// The roles known: the platform's and the features' (a role declared twice is refused).
    public static func roles(features: [any WebFeature]) throws -> Roles { try Roles(features: features.flatMap(\.roles)) }

    /// The whole matrix: the features' routes, then the platform's (a route declared twice, or a role nothing
    /// declares, is refused).
    public static func permissions(features: [any WebFeature]) throws -> Permissions {
        try Permissions(features.flatMap(\.permissions) + platformRoutes, roles: roles(features: features))
    }
}
