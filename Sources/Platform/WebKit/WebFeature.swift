import Hummingbird
import LegalCore
import Storage

/// What the server hands a feature's routes: the store, the assembled permissions (`authorize` checks a
/// route against them) and, unless the server runs without pages, the page kit every page renders with.
public struct WebPlatform: Sendable {
    public let store: Store
    public let permissions: Permissions
    public let pages: PageKit?
    public init(store: Store, permissions: Permissions, pages: PageKit?) { self.store = store; self.permissions = permissions; self.pages = pages }
    /// The caller, when their role may call `route` (401/403 otherwise).
    public func authorize(_ route: RouteID, _ ctx: AppContext) throws -> Identity { try permissions.require(route, ctx) }
}

/// An act's part of the server. The server assembles them: the role matrix from `permissions`, `/openapi.json`
/// from `operations` and `schemas`, the translation tables, the templates and the navigation from theirs,
/// then asks each to register its routes. The platform names no feature; the executable lists them.
public protocol WebFeature: Sendable {
    /// Its routes and the roles that may call them.
    var permissions: [RoutePermission] { get }
    /// Its documented JSON routes and the schemas they name.
    var operations: [APIOperation] { get }
    var schemas: [(String, String)] { get }
    /// Its translations (keys no other part gives), its page templates by name, its navigation links.
    var translations: [Language: [String: String]] { get }
    var templates: [String: String] { get }
    var navigation: [NavItem] { get }
    /// Registers the JSON routes under `api` (`/api/v1`) and, when `platform.pages` is set, the pages on `root`.
    func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform)
}
