import WebKit

/// PS-VIOLATIONS-2025's routes, with the roles that may call each.
extension RouteID {
    public static let listServices = RouteID("GET /api/v1/services")
    public static let createApplication = RouteID("POST /api/v1/applications")
    public static let appendEvents = RouteID("POST /api/v1/applications/{id}/events")
    public static let bulkEvents = RouteID("POST /api/v1/events")
    public static let getApplication = RouteID("GET /api/v1/applications/{id}")
    public static let listFindings = RouteID("GET /api/v1/findings")
    public static let importServices = RouteID("POST /api/v1/services")
    public static let putOfficial = RouteID("POST /api/v1/officials")
    public static let listOfficials = RouteID("GET /api/v1/officials")
    public static let addAbsence = RouteID("POST /api/v1/officials/{id}/absences")
}

extension API {
    /// Who may call the public-services routes. Recording a result or refusal needs more than the route: the
    /// user must be a signer linked to an official allowed to sign that service and not absent that day.
    public static let routes: [RoutePermission] = [
        .everyone(.listServices),
        RoutePermission(.createApplication, [.admin, .registrar]),
        RoutePermission(.appendEvents, [.admin, .registrar, .executor, .signer]),
        RoutePermission(.bulkEvents, [.admin, .registrar, .executor, .signer]),
        .everyone(.getApplication),
        .everyone(.listFindings),
        RoutePermission(.importServices, [.admin]), RoutePermission(.putOfficial, [.admin]), RoutePermission(.listOfficials, [.admin]),
        RoutePermission(.addAbsence, [.admin]),
        // A head assigns work: the signer (the head who signs the results) or an administrator.
        RoutePermission(.assignApplication, [.admin, .signer]),
    ]
}
