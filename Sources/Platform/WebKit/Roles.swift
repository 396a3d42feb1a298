/// The roles of Rasim's users. What each may do is the role × route matrix (`Permissions`, by route).
public enum Role: String, CaseIterable, Sendable, Codable {
    case admin, registrar, executor, signer
    case internalControl = "internal_control"
    case inspector

    /// Roles that see every organization's applications (the Agency's inspectors; administrators).
    public var seesAllOrganizations: Bool { self == .admin || self == .inspector }
}

