package com.flowsupport.ticket.view;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.redis.RedisKeyProperties;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.ticket.search.TicketFinder;

/**
 * Views' ticket counts, kept in Redis for {@link ViewProperties#countTtl()}: a console
 * asks for every view's count on each refresh, and a count is a scan of the matching
 * tickets. A count the caller's own identity does not change (no {@code me} in the view,
 * an agent not restricted to groups) is shared by the tenant's staff; others are kept per
 * user. The view's version is part of the key, so an edited view is counted afresh.
 * Without Redis, views are counted every time.
 */
@Component
class ViewCounts {

	private static final Logger log = LoggerFactory.getLogger(ViewCounts.class);

	private final TicketFinder finder;

	private final StringRedisTemplate redis;

	private final String prefix;

	private final ViewProperties properties;

	ViewCounts(TicketFinder finder, StringRedisTemplate redis, RedisKeyProperties keys, ViewProperties properties) {
		this.finder = finder;
		this.redis = redis;
		this.prefix = keys.keyPrefix() + "ticket:view-count:";
		this.properties = properties;
	}

	/** The count of each view, in the order given. */
	List<Long> count(List<SavedView> views, CallerIdentity caller) {
		List<String> keys = views.stream().map((view) -> key(view, caller)).toList();
		List<@Nullable String> cached = cached(keys);
		List<Long> counts = new ArrayList<>();
		for (int i = 0; i < views.size(); i++) {
			String hit = cached.get(i);
			if (hit != null) {
				counts.add(Long.parseLong(hit));
				continue;
			}
			long count = this.finder.count(views.get(i).filter());
			counts.add(count);
			remember(keys.get(i), count);
		}
		return counts;
	}

	private String key(SavedView view, CallerIdentity caller) {
		boolean restricted = caller.restrictedToGroups();
		String scope = (view.personal() || restricted) ? "user:" + caller.userId() : "staff";
		return this.prefix + caller.requireTenantId() + ":" + view.id() + ":" + view.version() + ":" + scope;
	}

	private List<@Nullable String> cached(List<String> keys) {
		List<@Nullable String> none = new ArrayList<>();
		keys.forEach((key) -> none.add(null));
		if (keys.isEmpty()) {
			return none;
		}
		try {
			List<@Nullable String> values = this.redis.opsForValue().multiGet(keys);
			return (values != null && values.size() == keys.size()) ? values : none;
		}
		catch (DataAccessException ex) {
			log.debug("View counts not read from Redis: {}", ex.getMessage());
			return none;
		}
	}

	private void remember(String key, long count) {
		try {
			this.redis.opsForValue().set(key, Long.toString(count), this.properties.countTtl());
		}
		catch (DataAccessException ex) {
			log.debug("View count not kept in Redis: {}", ex.getMessage());
		}
	}

}
