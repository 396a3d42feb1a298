import WebKit

/// The roles of Rasim's users and what each may do — the role × route matrix, written once, enforced on
/// every route by `Guard`, and tested for every pair.
/// Every route that needs a decision about who may call it.
public enum RouteID: String, CaseIterable, Sendable {
    case listServices = "GET /api/v1/services"
    case createApplication = "POST /api/v1/applications"
    case appendEvents = "POST /api/v1/applications/{id}/events"
    case bulkEvents = "POST /api/v1/events"
    case getApplication = "GET /api/v1/applications/{id}"
    case listFindings = "GET /api/v1/findings"
    case assessRisk = "POST /api/v1/risk"
    case scoreChecklist = "POST /api/v1/checklists/score"
    case whoAmI = "GET /api/v1/me"
    // Administration (Sources/WebApp/AdminAPI.swift), in the order a set-up uses them.
    case putOrganization = "POST /api/v1/organizations"
    case listOrganizations = "GET /api/v1/organizations"
    case importServices = "POST /api/v1/services"
    case putOfficial = "POST /api/v1/officials"
    case listOfficials = "GET /api/v1/officials"
    case addAbsence = "POST /api/v1/officials/{id}/absences"
    case addUser = "POST /api/v1/users"
    case listUsers = "GET /api/v1/users"
    case setPassword = "POST /api/v1/users/{id}/password"
    case revokeTokens = "POST /api/v1/users/{id}/tokens/revoke"
    case disableUser = "POST /api/v1/users/{id}/disable"
}

public enum Permissions {
    /// Who may call what. Recording a result or refusal needs more than the route: the user must be a
    /// signer linked to an official allowed to sign that service and not absent that day (`Guard.sign`).
    public static let matrix: [RouteID: Set<Role>] = [
        .listServices: Set(Role.allCases),
        .createApplication: [.admin, .registrar],
        .appendEvents: [.admin, .registrar, .executor, .signer],
        .bulkEvents: [.admin, .registrar, .executor, .signer],
        .getApplication: Set(Role.allCases),
        .listFindings: Set(Role.allCases),
        .assessRisk: [.admin, .inspector, .internalControl],
        .scoreChecklist: [.admin, .inspector],
        .whoAmI: Set(Role.allCases),
        .putOrganization: [.admin], .listOrganizations: [.admin], .importServices: [.admin],
        .putOfficial: [.admin], .listOfficials: [.admin], .addAbsence: [.admin],
        .addUser: [.admin], .listUsers: [.admin], .setPassword: [.admin], .revokeTokens: [.admin], .disableUser: [.admin],
    ]

    public static func allows(_ role: Role, _ route: RouteID) -> Bool { matrix[route]?.contains(role) ?? false }
}
