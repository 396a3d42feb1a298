import RiskFeature
import WebKit

/// The routes the web app serves itself (the public-services act and administration; the risk act's are
/// `RiskAPI`'s), in the order the role matrix and the OpenAPI document list them.
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

    /// Every route with a permission, the features' included.
    public static let all: [RouteID] = [.listServices, .createApplication, .appendEvents, .bulkEvents, .getApplication, .listFindings]
        + RiskAPI.routes.map(\.route)
        + [.whoAmI, .putOrganization, .listOrganizations, .importServices, .putOfficial, .listOfficials, .addAbsence, .addUser, .listUsers,
           .setPassword, .revokeTokens, .disableUser]
}

/// What each role may do — the role × route matrix, written once (the features' part by the features),
/// enforced on every route by `Guard`, and tested for every pair.
public enum Permissions {
    /// Who may call what. Recording a result or refusal needs more than the route: the user must be a
    /// signer linked to an official allowed to sign that service and not absent that day (`Guard.sign`).
    public static let matrix: [RouteID: Set<Role>] = Dictionary(uniqueKeysWithValues: RiskAPI.routes.map { ($0.route, $0.roles) }).merging(platform) { a, _ in a }

    static let platform: [RouteID: Set<Role>] = [
        .listServices: Set(Role.allCases),
        .createApplication: [.admin, .registrar],
        .appendEvents: [.admin, .registrar, .executor, .signer],
        .bulkEvents: [.admin, .registrar, .executor, .signer],
        .getApplication: Set(Role.allCases),
        .listFindings: Set(Role.allCases),
        .whoAmI: Set(Role.allCases),
        .putOrganization: [.admin], .listOrganizations: [.admin], .importServices: [.admin],
        .putOfficial: [.admin], .listOfficials: [.admin], .addAbsence: [.admin],
        .addUser: [.admin], .listUsers: [.admin], .setPassword: [.admin], .revokeTokens: [.admin], .disableUser: [.admin],
    ]

    public static func allows(_ role: Role, _ route: RouteID) -> Bool { matrix[route]?.contains(role) ?? false }
}
