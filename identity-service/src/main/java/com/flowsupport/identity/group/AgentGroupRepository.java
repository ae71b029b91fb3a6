package com.flowsupport.identity.group;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface AgentGroupRepository extends JpaRepository<AgentGroup, UUID> {

	Optional<AgentGroup> findByName(String name);

	@Query("select g from AgentGroup g where (:after is null or g.id > :after) order by g.id")
	List<AgentGroup> page(@Nullable UUID after, Limit limit);

}
