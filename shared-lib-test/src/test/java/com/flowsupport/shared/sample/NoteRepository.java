package com.flowsupport.shared.sample;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface NoteRepository extends JpaRepository<Note, UUID> {

	@Query("select n from Note n where (:after is null or n.id > :after) order by n.id")
	List<Note> page(UUID after, org.springframework.data.domain.Limit limit);

}
