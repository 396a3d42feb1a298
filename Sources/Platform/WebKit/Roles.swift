/// A role of Rasim's users: the platform's six below, and those a feature declares for the people its act
/// concerns (`WebFeature.roles`, e.g. a body's legal service). What each may do is the role × route matrix
/// (`Permissions`); its name is the translation `role_<id>`.
public struct Role: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let admin = Role(rawValue: "admin"), registrar = Role(rawValue: "registrar"), executor = Role(rawValue: "executor")
    public static let signer = Role(rawValue: "signer"), internalControl = Role(rawValue: "internal_control")
    public static let inspector = Role(rawValue: "inspector")
}

/// A role as a feature (or the platform) declares it: whether its users see every organization's records
/// (the Agency's inspectors, administrators) or only their own organizations'.
public struct RoleDeclaration: Sendable {
    public let role: Role
    public let seesAllOrganizations: Bool
    /// The page its users start from after signing in, when it is not the dashboard (a prosecutor's work is the
    /// supervision register, not the public-service queue).
    public let home: String?
    public init(_ role: Role, seesAllOrganizations: Bool = false, home: String? = nil) {
        self.role = role; self.seesAllOrganizations = seesAllOrganizations; self.home = home
    }
}

/// The roles a server knows: the platform's, then its features'. A role declared twice is refused; a stored
/// user whose role no served feature declares cannot sign in (no permission would apply to it).
public struct Roles: Sendable {
    public static let platform: [RoleDeclaration] = [
        RoleDeclaration(.admin, seesAllOrganizations: true), RoleDeclaration(.registrar), RoleDeclaration(.executor),
        RoleDeclaration(.signer), RoleDeclaration(.internalControl), RoleDeclaration(.inspector, seesAllOrganizations: true),
    ]
    /// The platform's roles alone (a server or command with no feature's roles).
    public static let platformOnly = try! Roles(features: [])

    /// Every known role, in declaration order.
    public let all: [Role]
    private let wide: Set<Role>
    private let homes: [Role: String]

    public init(features: [RoleDeclaration]) throws {
        var seen = Set<Role>()
        for d in Self.platform + features { guard seen.insert(d.role).inserted else { throw DuplicateRole(role: d.role) } }
        all = (Self.platform + features).map(\.role)
        wide = Set((Self.platform + features).filter(\.seesAllOrganizations).map(\.role))
        homes = Dictionary((Self.platform + features).compactMap { d in d.home.map { (d.role, $0) } }, uniquingKeysWith: { a, _ in a })
    }
    public struct DuplicateRole: Error, CustomStringConvertible {
        public let role: Role
        public var description: String { "the role \(role) is declared twice" }
    }

    /// The known role of this name, or nil.
    public func role(_ name: String) -> Role? { all.first { $0.rawValue == name } }
    public func seesAllOrganizations(_ role: Role) -> Bool { wide.contains(role) }
    /// Where a user of this role starts: its declared home, else the dashboard.
    public func home(_ role: Role?) -> String { role.flatMap { homes[$0] } ?? "/dashboard" }
}
