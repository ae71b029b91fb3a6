package com.flowsupport.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The AI agent through the gateway with every service running: a knowledge base article
 * (kb-service, embedded by its in-process model) answers a customer's new ticket
 * (ticket-service's event, ai-rag-service's autoresponder, a reply posted back through
 * ticket-service with identity's service token) — publicly in {@code auto} mode, as an
 * internal note in {@code suggest} mode, not at all when the knowledge base has no
 * answer, and never from another tenant's articles.
 */
class AiAnswerJourneyTest {

	private static final String PASSWORD = "e2e correct horse";

	private static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = RunningPlatform.get().gateway();
	}

	@Test
	void autoModeAnswersANewTicketWithACitedPublicReplyWithinFiveSecondsAndSetsItPending() {
		Tenant acme = Tenant.signup();
		String article = acme.publishPasswordArticle();
		String bot = acme.newMember("agent").id();
		acme.settings(Map.of("mode", "auto", "agentUserId", bot));
		ApiClient customer = acme.member("customer");

		String ticket = customer
			.post("/api/v1/tickets",
					Map.of("subject", "Forgot my password", "description",
							"How do I reset my password? I cannot log in."))
			.json()
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode comments = customer.get("/api/v1/tickets/" + ticket + "/comments").json().get("items");
			assertThat(comments).hasSize(1);
			assertThat(comments.get(0).get("authorId").asString()).isEqualTo(bot);
			assertThat(comments.get(0).get("body").asString()).contains("Forgot password").contains(article);
		});
		assertThat(customer.get("/api/v1/tickets/" + ticket).json().get("status").asString()).isEqualTo("pending");

		// The customer says it worked: the ticket is solved by the AI.
		customer.post("/api/v1/tickets/" + ticket + "/comments", Map.of("body", "That solved it, thanks!"));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(customer.get("/api/v1/tickets/" + ticket).json().get("status").asString())
				.isEqualTo("solved"));
		JsonNode metrics = acme.admin().get("/api/v1/ai/metrics").json();
		assertThat(metrics.get("aiResolutions").asLong()).isEqualTo(1);
	}

	@Test
	void suggestModeLeavesAnInternalNoteTheCustomerNeverSees() {
		Tenant acme = Tenant.signup();
		acme.publishPasswordArticle();
		acme.settings(Map.of("mode", "suggest"));
		ApiClient customer = acme.member("customer");
		ApiClient agent = acme.member("agent");
		String ticket = customer
			.post("/api/v1/tickets", Map.of("subject", "Password reset", "description", "How can I reset my password?"))
			.json()
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			JsonNode notes = agent.get("/api/v1/tickets/" + ticket + "/comments").json().get("items");
			assertThat(notes).hasSize(1);
			assertThat(notes.get(0).get("public").asBoolean()).isFalse();
			assertThat(notes.get(0).get("body").asString()).contains("AI suggested reply").contains("Forgot password");
		});
		assertThat(customer.get("/api/v1/tickets/" + ticket + "/comments").json().get("items")).isEmpty();
		assertThat(agent.get("/api/v1/tickets/" + ticket).json().get("status").asString()).isEqualTo("new");
	}

	@Test
	void aQuestionTheKnowledgeBaseCannotAnswerGetsNoReplyAndIsRoutedToAHuman() {
		Tenant acme = Tenant.signup();
		acme.publishPasswordArticle();
		ApiClient admin = acme.admin();
		String group = admin.post("/api/v1/groups", Map.of("name", "Support")).json().get("id").asString();
		Tenant.Member human = acme.newMember("agent");
		assertThat(admin.send("PUT", "/api/v1/groups/" + group + "/members/" + human.id(), null, null).status())
			.isIn(200, 204);
		assertThat(
				admin.send("PUT", "/api/v1/routing/groups/" + group, "{\"mode\":\"round_robin\"}", "application/json")
					.status())
			.isIn(200, 204);
		acme.settings(Map.of("mode", "auto", "handoverGroupId", group));
		ApiClient customer = acme.member("customer");
		String ticket = customer
			.post("/api/v1/tickets",
					Map.of("subject", "Gift wrapping", "description",
							"Do you offer gift wrapping for birthday presents?"))
			.json()
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			JsonNode seen = admin.get("/api/v1/tickets/" + ticket).json();
			assertThat(seen.get("tags").toString()).contains("ai_handover");
			assertThat(seen.get("assigneeId").asString()).isEqualTo(human.id());
		});
		assertThat(customer.get("/api/v1/tickets/" + ticket + "/comments").json().get("items")).isEmpty();
	}

	@Test
	void oneTenantsQuestionNeverRetrievesAnotherTenantsArticles() {
		Tenant acme = Tenant.signup();
		String article = acme.publishPasswordArticle();
		Tenant globex = Tenant.signup();
		JsonNode answer = globex.admin()
			.post("/api/v1/ai/answer", Map.of("question", "How do I reset my password?"))
			.json();
		assertThat(answer.get("abstained").asBoolean()).isTrue();
		assertThat(answer.toString()).doesNotContain(article).doesNotContain("Forgot password");
		JsonNode own = acme.member("customer")
			.post("/api/v1/ai/answer", Map.of("question", "How do I reset my password?"))
			.json();
		assertThat(own.get("abstained").asBoolean()).isFalse();
		assertThat(own.get("citations").get(0).get("articleId").asString()).isEqualTo(article);
	}

	/** A tenant signed up through the gateway, and the people its admin adds. */
	private record Tenant(String slug, JsonNode answer) {

		static Tenant signup() {
			String slug = "ai-" + UUID.randomUUID().toString().substring(0, 8);
			ApiClient.Response response = gateway.post("/api/v1/auth/signup",
					Map.of("tenantName", "AI " + slug, "tenantSlug", slug, "adminName", "Admin", "adminEmail",
							"admin@" + slug + ".example.com", "adminPassword", PASSWORD));
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			return new Tenant(slug, response.json());
		}

		ApiClient admin() {
			return gateway.withToken(this.answer.get("accessToken").asString());
		}

		/** A published public article about passwords, once kb-service embedded it. */
		String publishPasswordArticle() {
			ApiClient.Response created = admin()
				.post("/api/v1/kb/articles", Map.of("title", "Resetting your password", "body",
						"## Reset your password\n\nTo reset your password, open the sign-in page and choose "
								+ "**Forgot password**. We email you a link that works for 30 minutes; follow it and "
								+ "choose a new password of at least 12 characters.",
						"locale", "en", "visibility", "public", "status", "published"));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String id = created.json().get("id").asString();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(
						admin().get("/api/v1/kb/articles/" + id).json().get("index").get("status").asString())
					.isEqualTo("indexed"));
			return id;
		}

		void settings(Map<String, Object> settings) {
			ApiClient.Response changed = admin().send("PATCH", "/api/v1/ai/settings",
					tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(settings),
					"application/json");
			assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		}

		ApiClient member(String role) {
			return newMember(role).login();
		}

		Member newMember(String role) {
			String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + this.slug + ".example.com";
			ApiClient.Response created = admin().post("/api/v1/users",
					Map.of("email", email, "name", role, "role", role, "password", PASSWORD));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			return new Member(this.slug, email, created.json().get("id").asString());
		}

		record Member(String slug, String email, String id) {

			ApiClient login() {
				ApiClient.Response login = gateway.post("/api/v1/auth/login",
						Map.of("tenantSlug", this.slug, "email", this.email, "password", PASSWORD));
				assertThat(login.status()).as(login.body()).isEqualTo(200);
				return gateway.withToken(login.json().get("accessToken").asString());
			}

		}

	}

}
