package com.flowsupport.identity.tenant;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface TenantRepository extends JpaRepository<Tenant, UUID> {

	@Query("select t from Tenant t where (:after is null or t.id > :after) order by t.id")
	List<Tenant> page(@Nullable UUID after, Limit limit);

}
