package com.flowsupport.kb.content;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.db.SqlValues;

/** One saved revision of an article's content. */
record ArticleVersion(int revision, String title, String body, List<String> tags, String visibility,
		@Nullable UUID sectionId, @Nullable UUID authorId, @Nullable String note, Instant createdAt) {

	static final String COLUMNS = "revision, title, body, tags, visibility, section_id, author_id, note, created_at";

	static ArticleVersion map(ResultSet rs, int row) throws SQLException {
		return new ArticleVersion(rs.getInt("revision"), rs.getString("title"), rs.getString("body"),
				ArticleRepository.strings(rs.getArray("tags")), rs.getString("visibility"),
				rs.getObject("section_id", UUID.class), rs.getObject("author_id", UUID.class), rs.getString("note"),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")));
	}

}
