package com.flowsupport.rag;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class AiRagApplication {

	public static void main(String[] args) {
		SpringApplication.run(AiRagApplication.class, args);
	}

}
