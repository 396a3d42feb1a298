import WebKit

/// The routes the web app serves itself (the public-services act and administration; a feature declares its
/// own), with the roles that may call each: this part of the role × route matrix, written once.
extension RouteID {
    public static let listServices = RouteID("GET /api/v1/services")
    public static let createApplication = RouteID("POST /api/v1/applications")
    public static let appendEvents = RouteID("POST /api/v1/applications/{id}/events")
    public static let bulkEvents = RouteID("POST /api/v1/events")
    public static let getApplication = RouteID("GET /api/v1/applications/{id}")
    public static let listFindings = RouteID("GET /api/v1/findings")
    public static let whoAmI = RouteID("GET /api/v1/me")
    public static let putOrganization = RouteID("POST /api/v1/organizations")
    public static let listOrganizations = RouteID("GET /api/v1/organizations")
    public static let importServices = RouteID("POST /api/v1/services")
    public static let putOfficial = RouteID("POST /api/v1/officials")
    public static let listOfficials = RouteID("GET /api/v1/officials")
    public static let addAbsence = RouteID("POST /api/v1/officials/{id}/absences")
    public static let addUser = RouteID("POST /api/v1/users")
    public static let listUsers = RouteID("GET /api/v1/users")
    public static let setPassword = RouteID("POST /api/v1/users/{id}/password")
    public static let revokeTokens = RouteID("POST /api/v1/users/{id}/tokens/revoke")
    public static let disableUser = RouteID("POST /api/v1/users/{id}/disable")
}

extension RasimServer {
    /// Who may call the public-services routes. Recording a result or refusal needs more than the route: the
    /// user must be a signer linked to an official allowed to sign that service and not absent that day.
    static let publicServicesRoutes: [RoutePermission] = [
        RoutePermission(.listServices, Set(Role.allCases)),
        RoutePermission(.createApplication, [.admin, .registrar]),
        RoutePermission(.appendEvents, [.admin, .registrar, .executor, .signer]),
        RoutePermission(.bulkEvents, [.admin, .registrar, .executor, .signer]),
        RoutePermission(.getApplication, Set(Role.allCases)),
        RoutePermission(.listFindings, Set(Role.allCases)),
    ]

    /// The caller's own account, and administration (setting up a real install).
    static let platformRoutes: [RoutePermission] = [
        RoutePermission(.whoAmI, Set(Role.allCases)),
        RoutePermission(.putOrganization, [.admin]), RoutePermission(.listOrganizations, [.admin]), RoutePermission(.importServices, [.admin]),
        RoutePermission(.putOfficial, [.admin]), RoutePermission(.listOfficials, [.admin]), RoutePermission(.addAbsence, [.admin]),
        RoutePermission(.addUser, [.admin]), RoutePermission(.listUsers, [.admin]), RoutePermission(.setPassword, [.admin]),
        RoutePermission(.revokeTokens, [.admin]), RoutePermission(.disableUser, [.admin]),
    ]

    /// The whole matrix: the public-services routes, the features', the platform's (a route declared twice is
    /// refused).
    public static func permissions(features: [any WebFeature]) throws -> Permissions {
        try Permissions(publicServicesRoutes + features.flatMap(\.permissions) + platformRoutes)
    }
}
