package com.flowsupport.identity.user;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface UserRepository extends JpaRepository<User, UUID> {

	Optional<User> findByEmail(String email);

	@Query("""
			select u from User u
			where (:after is null or u.id > :after) and (:role is null or u.role = :role)
				and (:email is null or u.email = :email)
			order by u.id""")
	List<User> page(@Nullable UUID after, @Nullable String role, @Nullable String email, Limit limit);

	@Query("select count(u) from User u where u.role = 'admin' and u.status = 'active'")
	long countActiveAdmins();

	@Query(value = "SELECT group_id FROM group_membership WHERE user_id = :userId ORDER BY group_id",
			nativeQuery = true)
	List<UUID> groupIds(UUID userId);

}
