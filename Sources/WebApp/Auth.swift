import WebKit
import Crypto
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HTTPTypes
import Storage

/// Route guards.
enum Guard {
    static func require(_ route: RouteID, _ context: AppContext) throws -> Identity {
        guard let id = context.identity else { throw APIError.unauthorized() }
        guard Permissions.allows(id.role, route) else {
            throw APIError.forbidden("role \(id.role.rawValue) may not call \(route.rawValue)")
        }
        return id
    }

    static func canSee(_ id: Identity, provider: String) -> Bool {
        id.visibleOrganizations.map { $0.contains(provider) } ?? true
    }
}
